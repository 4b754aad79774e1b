package io.poolpilot.sidecar.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.model.PoolHistory;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSample;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {

  private static final Instant START = Instant.parse("2026-11-27T07:00:00Z");
  private static final double NAN = Double.NaN;

  @Test
  void anAggregateShowsItsMeanLevelsUnroundedAndSaysHowManyExportsItHolds() {
    PoolSample bucket = new PoolSample(START, 4, 16, 2.5, 0.4, 0.01, 0.02, 100, 0, 0.5, NAN, 10);
    PoolSample export =
        new PoolSample(START.plusSeconds(130), 4, 16, NAN, 1, 0.01, 0.02, 100, 0, 0.5, NAN, 1);
    PoolHistory history =
        new PoolHistory(new PoolKey("orders", "i-1", "http-*"), List.of(bucket, export));

    JsonArray samples =
        ApiJson.history("orders", "http-*", List.of(history))
            .getJsonArray("instances")
            .getJsonObject(0)
            .getJsonArray("samples");

    assertThat(samples.getJsonObject(0).getValue("queued")).isEqualTo(0.4);
    assertThat(samples.getJsonObject(0).getValue("active")).isEqualTo(2.5);
    assertThat(samples.getJsonObject(0).getInteger("exports")).isEqualTo(10);
    assertThat(samples.getJsonObject(1).getValue("queued")).isEqualTo(1L);
    assertThat(samples.getJsonObject(1).getValue("active")).as("unknown").isNull();
    assertThat(samples.getJsonObject(1).getInteger("exports")).isEqualTo(1);
    assertThat(samples.getJsonObject(1).getValue("core")).isEqualTo(4L);
    assertThat(samples.getJsonObject(1).getValue("cpuUtilization")).isNull();
  }
}
