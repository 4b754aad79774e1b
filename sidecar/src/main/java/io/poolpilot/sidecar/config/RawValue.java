package io.poolpilot.sidecar.config;

import java.util.List;

/**
 * A setting's value as given, with where it came from so that an error can say which flag, variable
 * or file to fix.
 *
 * @param value the text as given; a YAML list joined with spaces
 * @param source the flag, environment variable or config file, as an error message names it
 * @param items a YAML list as it was, so that arguments with spaces survive; null for text
 */
record RawValue(String value, String source, List<String> items) {

  /** How {@link #source} names a command-line flag: this, then the flag. */
  static final String FLAG = "flag ";

  RawValue(String value, String source) {
    this(value, source, null);
  }

  /** Whether it was given on the command line, where other users of the host see it in ps. */
  boolean fromFlag() {
    return source.startsWith(FLAG);
  }
}
