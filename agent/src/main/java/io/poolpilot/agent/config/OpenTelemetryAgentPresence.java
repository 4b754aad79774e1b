package io.poolpilot.agent.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether the OpenTelemetry Java agent runs in this JVM too, in which case the {@code OTEL_*}
 * export settings are its own ({@link OtelEnvironment}).
 *
 * <p>An agent given before this one is on the system class path by the time this premain runs, so
 * one resource look-up finds it. One given after is not there yet (the JVM appends each agent's jar
 * just before its own premain), so the {@code -javaagent} options of the command line and of {@code
 * JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} (how platforms inject the OpenTelemetry agent) are
 * read, and each jar's manifest tells whose agent it is: platforms rename the jar, never its {@code
 * Premain-Class}. No JMX: the command line comes from {@link ProcessHandle}.
 */
final class OpenTelemetryAgentPresence {
  /**
   * Joined at run time: the shade plugin rewrites every string constant that starts like a
   * relocated package, and would make these the names of the agent's own shaded copy.
   */
  private static final String AGENT_PACKAGE = String.join(".", "io", "opentelemetry", "javaagent");

  private static final String AGENT_CLASS =
      String.join("/", "io", "opentelemetry", "javaagent", "OpenTelemetryAgent.class");

  private static final String OPTION = "-javaagent:";
  private static final Attributes.Name PREMAIN_CLASS = new Attributes.Name("Premain-Class");

  private OpenTelemetryAgentPresence() {}

  /** Whether the OpenTelemetry Java agent is attached; false where that cannot be told. */
  static boolean attached(Map<String, String> environment) {
    try {
      if (ClassLoader.getSystemClassLoader().getResource(AGENT_CLASS) != null) {
        return true;
      }
      List<String> options = new ArrayList<>();
      ProcessHandle.current().info().arguments().ifPresent(args -> options.addAll(List.of(args)));
      for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
        String value = environment.get(variable);
        if (value != null) {
          options.addAll(List.of(value.trim().split("\\s+")));
        }
      }
      for (String jar : agentJars(options)) {
        if (isOpenTelemetryAgent(jar)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** The jar of each {@code -javaagent:path[=options]} among {@code options}. */
  static List<String> agentJars(List<String> options) {
    List<String> jars = new ArrayList<>();
    for (String option : options) {
      if (option.startsWith(OPTION)) {
        String rest = option.substring(OPTION.length());
        int eq = rest.indexOf('=');
        jars.add(eq < 0 ? rest : rest.substring(0, eq));
      }
    }
    return jars;
  }

  /** Whether the jar's {@code Premain-Class} is the OpenTelemetry agent's; false if unreadable. */
  static boolean isOpenTelemetryAgent(String jar) {
    try (JarFile file = new JarFile(jar, false)) {
      Manifest manifest = file.getManifest();
      String premain =
          manifest == null ? null : manifest.getMainAttributes().getValue(PREMAIN_CLASS);
      return premain != null && premain.startsWith(AGENT_PACKAGE + ".");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
