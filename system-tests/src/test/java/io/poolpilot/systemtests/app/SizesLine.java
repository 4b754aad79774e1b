package io.poolpilot.systemtests.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code sizes core=N max=M} lines the test applications print when their pool changes. */
public final class SizesLine {
  /** The start of every sizes line. */
  public static final String PREFIX = "sizes ";

  private static final Pattern SIZES = Pattern.compile("^sizes core=(\\d+) max=(\\d+)$");

  private SizesLine() {}

  /**
   * The threads the pool runs: with {@link LoadedPoolApp}'s unbounded queue only the core size
   * matters (the agent leaves the maximum alone there), so the core size.
   */
  public static int threads(String sizesLine) {
    Matcher m = SIZES.matcher(String.valueOf(sizesLine));
    if (!m.matches()) {
      throw new AssertionError("not a sizes line: " + sizesLine);
    }
    return Integer.parseInt(m.group(1));
  }
}
