package io.poolpilot.tuning.node;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much a service matters when the processors of a node do not go round, strongest first. A
 * service of a lower class is capped so that every service of a higher class keeps what it needs;
 * services of one class share by weight. {@link #STANDARD} is the default for a service nobody
 * declared: it is never capped for a peer or a batch service, and a critical one still comes first.
 */
public enum ServiceClass {
  /** Must stay available: never capped, served first. */
  CRITICAL,
  /** The default: capped only for critical services. */
  STANDARD,
  /** Throughput work that can wait: gets what the other classes leave. */
  BATCH;

  /** The class's name as configured: {@code critical}, {@code standard}, {@code batch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configured class name, case-insensitively. */
  public static Optional<ServiceClass> parse(String value) {
    return Arrays.stream(values()).filter(c -> c.label().equalsIgnoreCase(value)).findFirst();
  }

  /** The configured names, for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(ServiceClass::label).collect(Collectors.joining(", "));
  }
}
