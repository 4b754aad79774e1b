package io.poolpilot.agent.telemetry;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built the first time it is needed, once; a build that throws is tried again next time.
 * The agent's OTLP exporters are built this way: building one loads the exporter, its marshalers
 * and the HTTP sender (some 150 classes), which nothing needs before the first export, and the
 * first export comes after the application's start (metrics wait for it; spans come with its first
 * requests).
 */
final class BuiltOnFirstUse<T> {
  private final Supplier<? extends T> build;
  private volatile T value;

  BuiltOnFirstUse(Supplier<? extends T> build) {
    this.build = Objects.requireNonNull(build, "build");
  }

  /** The value, built now if it has not been yet. */
  T get() {
    T built = value;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (value == null) {
        value = Objects.requireNonNull(build.get(), "the build returned null");
      }
      return value;
    }
  }

  /** The value if it has been built, else null; never builds it. */
  T ifBuilt() {
    return value;
  }
}
