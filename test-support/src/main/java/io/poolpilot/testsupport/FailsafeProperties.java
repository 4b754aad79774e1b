package io.poolpilot.testsupport;

import java.nio.file.Path;

/**
 * The system properties the modules' failsafe configurations hand their integration tests: which
 * java binary runs the forked JVMs and where the built jars and test classes are. Read when asked,
 * so a test run outside failsafe fails with the name of the missing property.
 */
public final class FailsafeProperties {
  /** The java binary forked JVMs run on; the agent's ITs run once with Java 17, once with 25. */
  public static final String JAVA = "poolpilot.it.java";

  public static final String AGENT_JAR = "poolpilot.agent.jar";
  public static final String SIDECAR_JAR = "poolpilot.sidecar.jar";

  /** The test classes directory, the class path of the applications the ITs fork. */
  public static final String TEST_CLASSES = "poolpilot.it.classes";

  private FailsafeProperties() {}

  public static String java() {
    return required(JAVA);
  }

  public static Path agentJar() {
    return path(AGENT_JAR);
  }

  public static Path sidecarJar() {
    return path(SIDECAR_JAR);
  }

  public static Path testClasses() {
    return path(TEST_CLASSES);
  }

  /** The path in {@code property}, such as {@code poolpilot.examples.jar}. */
  public static Path path(String property) {
    return Path.of(required(property));
  }

  public static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run the integration tests with failsafe, whose configuration sets it");
    }
    return value;
  }
}
