package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCensusTest {
  private final ThreadCensus none =
      ThreadCensus.of(
          List.of(
              "http-nio-41231-",
              "http-nio-41231-",
              "Catalina-utilit",
              "C2 CompilerThre",
              "HikariPool-1 ho"));

  @Test
  void countsNamesWithDigitsMaskedAsOneKind() {
    assertThat(none.byKind())
        .containsEntry("http-nio-#-", 2)
        .containsEntry("HikariPool-# ho", 1)
        .hasSize(4);
    assertThat(none.total()).isEqualTo(5);
  }

  @Test
  void attributesToTheAgentOnlyKindsTheServiceWithoutItLacks() {
    ThreadCensus poolpilot =
        ThreadCensus.of(
            List.of(
                "http-nio-39877-",
                "http-nio-39877-",
                "http-nio-39877-",
                "Catalina-utilit",
                "C2 CompilerThre",
                "HikariPool-1 ho",
                "poolpilot-metri",
                "poolpilot-contr",
                "PeriodicMetricR",
                "BatchSpanProces"));

    assertThat(poolpilot.kindsAbsentFrom(none))
        .isEqualTo(
            Map.of(
                "poolpilot-metri", 1,
                "poolpilot-contr", 1,
                "PeriodicMetricR", 1,
                "BatchSpanProces", 1));
    assertThat(poolpilot.threadsOfKindsAbsentFrom(none)).isEqualTo(4);
    assertThat(none.threadsOfKindsAbsentFrom(none)).isZero();
  }
}
