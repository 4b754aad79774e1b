package io.poolpilot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.TelemetryNames.Metric;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names live once, in {@link TelemetryNames}; {@code docs/telemetry.md} is where users read
 * them. This test holds the two together: every metric is a row of the page with its unit, every
 * attribute is on it, and every metric row of the page names a metric PoolPilot defines. A rename
 * in one place without the other fails here, not in a user's dashboard.
 */
class TelemetryNamesDocumentedTest {

  private static final Path PAGE =
      Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("telemetry.md");

  /**
   * A row of a metrics table: a name, its OTLP type and its unit, {@code | `name` | Gauge ... |
   * `unit` | ...}. (Attribute tables have the same first cell, but no type in the second.)
   */
  private static final Pattern METRIC_ROW =
      Pattern.compile(
          "^\\| `([a-z_.]+)` \\| (?:Gauge|Sum|Histogram|ExponentialHistogram)[^|]*\\| `([^`]*)` \\|",
          Pattern.MULTILINE);

  @Test
  void everyMetricIsARowOfTheTelemetryPageWithItsUnit() throws Exception {
    String page = Files.readString(PAGE);
    for (Metric metric : constants(Metric.class)) {
      assertThat(page)
          .as("docs/telemetry.md documents %s", metric.name())
          .containsPattern(
              "(?m)^\\| `"
                  + Pattern.quote(metric.name())
                  + "` \\|[^|]*\\| `"
                  + Pattern.quote(metric.unit())
                  + "` \\|");
    }
  }

  @Test
  void everyMetricRowOfTheTelemetryPageIsAMetricPoolPilotDefines() throws Exception {
    Set<String> defined =
        constants(Metric.class).stream().map(Metric::name).collect(Collectors.toSet());
    Matcher rows = METRIC_ROW.matcher(Files.readString(PAGE));
    List<String> documented = new ArrayList<>();
    while (rows.find()) {
      documented.add(rows.group(1));
    }

    assertThat(documented).isNotEmpty();
    assertThat(defined).containsAll(documented);
  }

  @Test
  void everyAttributeAndValueIsOnTheTelemetryPage() throws Exception {
    String page = Files.readString(PAGE);
    for (String name : constants(String.class)) {
      assertThat(page).as("docs/telemetry.md mentions %s", name).contains("`" + name);
    }
  }

  private static <T> List<T> constants(Class<T> type) throws IllegalAccessException {
    List<T> values = new ArrayList<>();
    for (Field field : TelemetryNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == type) {
        values.add(type.cast(field.get(null)));
      }
    }
    return values;
  }
}
