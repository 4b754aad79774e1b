package io.poolpilot.sidecar.config;

import java.time.Duration;

/**
 * Writes values in the notation {@link ValueParsers} reads, so that {@code --help} and error
 * messages quote a default as an operator would write it ({@code 2m}, {@code 16MiB}) and follow the
 * default when it changes, instead of repeating it as a literal.
 */
public final class SettingText {

  private SettingText() {}

  /** In the largest of {@code m}, {@code s} and {@code ms} that keeps it whole. */
  public static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** In the largest of {@code GiB}, {@code MiB}, {@code KiB} and bytes that keeps it whole. */
  public static String bytes(long bytes) {
    String[] units = {"GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
