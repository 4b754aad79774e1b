package io.poolpilot.protocol.control;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the protocol writes a duration ({@code pollInterval}): {@code <n>s} for whole seconds, else
 * {@code <n>ms}, the forms the agent's own settings use.
 */
public final class WireDurations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s)");

  private WireDurations() {}

  public static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /**
   * @throws IllegalArgumentException naming the text, when it is not {@code <n>s} or {@code <n>ms}
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 1s or 1500ms");
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
  }
}
