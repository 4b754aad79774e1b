package io.poolpilot.sidecar.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.model.InstanceKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusCapacityTest {

  @Test
  void exposesOneDemandRatioPerInstance() {
    String text =
        PrometheusText.renderCapacity(
            Map.of(
                new InstanceKey("orders", "pod-b"), 0.5, new InstanceKey("orders", "pod-a"), 1.25));

    assertThat(text)
        .contains("# TYPE poolpilot_capacity_desired_ratio gauge\n")
        .contains(
            "poolpilot_capacity_desired_ratio{service_name=\"orders\",service_instance_id=\"pod-a\"} 1.25\n"
                + "poolpilot_capacity_desired_ratio{service_name=\"orders\",service_instance_id=\"pod-b\"} 0.5\n");
  }
}
