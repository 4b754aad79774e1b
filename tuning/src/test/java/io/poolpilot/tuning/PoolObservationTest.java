package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolObservationTest {

  @Test
  void rejectsANegativeRateNamingTheFieldAndValue() {
    assertThatThrownBy(() -> Observation.of().arrivals(-3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arrivalsPerSecond -3.0");
  }

  @Test
  void rejectsCpuUtilizationAboveOne() {
    assertThatThrownBy(() -> Observation.of().cpu(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpuUtilization 1.5 must be between 0 and 1");
  }

  @Test
  void derivesCpuPerTaskFromProcessCpuAndCompletions() {
    PoolObservation observation = Observation.of().rate(200).cpu(0.5).processors(4).build();

    assertThat(observation.cpuSecondsPerTask()).isEqualTo(0.01);
  }
}
