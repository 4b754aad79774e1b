package io.poolpilot.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes a real JVM to fork and {@link #start() starts} it as a {@link LaunchedJvm}: {@code
 * [prefix...] <java> [jvm args] [-Dname=value...] [-javaagent:<earlier agent>...]
 * [-javaagent:<agent jar>[=<args>]] (-cp <entries> <main class> | -jar <jar>) [args]}.
 *
 * <p>The forked JVM does not inherit the variables that would configure an agent or the JVM behind
 * the test's back ({@code POOLPILOT_*}, {@code OTEL_*}, {@code JAVA_TOOL_OPTIONS}, {@code
 * JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}); {@link #env} sets what it should see.
 */
public final class JvmLauncher {
  private final String java;
  private final List<String> prefix = new ArrayList<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> systemProperties = new LinkedHashMap<>();
  private final List<Path> earlierAgents = new ArrayList<>();
  private Path agentJar;
  private String agentArgs;
  private final List<String> classPath = new ArrayList<>();
  private final List<String> jarPrefixes = new ArrayList<>();
  private String mainClass;
  private Path jar;
  private final List<String> appArgs = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private boolean mergeStderr;
  private Path stderrFile;
  private String name = "jvm";

  private JvmLauncher(String java) {
    this.java = java;
  }

  /** A JVM run by {@code javaBinary}, the path of a {@code java} executable. */
  public static JvmLauncher java(String javaBinary) {
    return new JvmLauncher(javaBinary);
  }

  /** A JVM run by the same java as this one. */
  public static JvmLauncher currentJava() {
    return java(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * {@code mainClass}, from the test classes, under the real PoolPilot agent jar, on the java
   * failsafe names: what an agent or system IT runs. {@link #withoutAgent()} takes the agent away.
   */
  public static JvmLauncher underAgent(Class<?> mainClass) {
    return java(FailsafeProperties.java())
        .agent(FailsafeProperties.agentJar())
        .classPath(FailsafeProperties.testClasses().toString())
        .mainClass(mainClass.getName())
        .name(mainClass.getSimpleName());
  }

  /** Commands that run before java and end by running it, such as {@code taskset -c 2}. */
  public JvmLauncher commandPrefix(List<String> commands) {
    prefix.addAll(commands);
    return this;
  }

  public JvmLauncher jvmArgs(String... args) {
    return jvmArgs(List.of(args));
  }

  public JvmLauncher jvmArgs(List<String> args) {
    jvmArgs.addAll(args);
    return this;
  }

  public JvmLauncher systemProperty(String key, String value) {
    systemProperties.put(key, value);
    return this;
  }

  /** The agent jar whose {@code -javaagent} option comes last, with {@link #agentArgs}. */
  public JvmLauncher agent(Path jar) {
    this.agentJar = jar;
    return this;
  }

  /** The text after {@code =} in the agent's {@code -javaagent} option. */
  public JvmLauncher agentArgs(String args) {
    this.agentArgs = args;
    return this;
  }

  /** Runs the application as it is, for a baseline. */
  public JvmLauncher withoutAgent() {
    this.agentJar = null;
    return this;
  }

  /** Another agent jar, given before {@link #agent}'s, so its premain runs first. */
  public JvmLauncher agentBefore(Path jar) {
    earlierAgents.add(jar);
    return this;
  }

  public JvmLauncher classPath(String... entries) {
    classPath.addAll(List.of(entries));
    return this;
  }

  /**
   * Adds to the class path the jars of this JVM's own class path whose file names start with one of
   * {@code fileNamePrefixes} (such as {@code "tomcat-embed-core-"}): the libraries an application
   * needs, taken from the test's dependencies, without everything else the test runs with.
   */
  public JvmLauncher classPathJars(String... fileNamePrefixes) {
    jarPrefixes.addAll(List.of(fileNamePrefixes));
    return this;
  }

  public JvmLauncher mainClass(String className) {
    this.mainClass = className;
    return this;
  }

  /** Runs {@code java -jar jar} instead of a main class on a class path. */
  public JvmLauncher jar(Path jar) {
    this.jar = jar;
    return this;
  }

  /** Arguments for the application's {@code main}. */
  public JvmLauncher appArgs(String... args) {
    return appArgs(List.of(args));
  }

  public JvmLauncher appArgs(List<String> args) {
    appArgs.addAll(args);
    return this;
  }

  public JvmLauncher env(String variable, String value) {
    env.put(variable, value);
    return this;
  }

  /** Reads stderr as part of stdout, one stream of lines in the order they were written. */
  public JvmLauncher mergeStderr() {
    this.mergeStderr = true;
    return this;
  }

  /** Appends stderr to {@code file} instead of keeping it in memory. */
  public JvmLauncher stderrTo(Path file) {
    this.stderrFile = file;
    return this;
  }

  /** What reports and the output readers' threads call the process. */
  public JvmLauncher name(String name) {
    this.name = name;
    return this;
  }

  /** The command {@link #start()} runs. */
  public List<String> command() {
    if ((mainClass == null) == (jar == null)) {
      throw new IllegalStateException(
          "give a main class or a jar, exactly one: main class " + mainClass + ", jar " + jar);
    }
    List<String> command = new ArrayList<>(prefix);
    command.add(java);
    command.addAll(jvmArgs);
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    earlierAgents.forEach(earlier -> command.add("-javaagent:" + earlier));
    if (agentJar != null) {
      command.add("-javaagent:" + agentJar + (agentArgs == null ? "" : "=" + agentArgs));
    }
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toString());
    } else {
      command.add("-cp");
      command.add(String.join(File.pathSeparator, classPathEntries()));
      command.add(mainClass);
    }
    command.addAll(appArgs);
    return command;
  }

  /** Forks the JVM; close what this returns. */
  public LaunchedJvm start() throws IOException {
    if (agentJar != null && !Files.isRegularFile(agentJar)) {
      throw new IllegalStateException("no agent jar at " + agentJar + ": run after package");
    }
    if (jar != null && !Files.isRegularFile(jar)) {
      throw new IllegalStateException("no jar at " + jar + ": run after package");
    }
    ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(mergeStderr);
    if (stderrFile != null && !mergeStderr) {
      builder.redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
    }
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(JvmLauncher::configuresTheJvmOrAnAgent);
    environment.putAll(env);
    return new LaunchedJvm(name, builder, stderrFile);
  }

  private static boolean configuresTheJvmOrAnAgent(String variable) {
    return variable.startsWith("POOLPILOT_")
        || variable.startsWith("OTEL_")
        || variable.equals("JAVA_TOOL_OPTIONS")
        || variable.equals("JDK_JAVA_OPTIONS")
        || variable.equals("_JAVA_OPTIONS");
  }

  private List<String> classPathEntries() {
    List<String> entries = new ArrayList<>(classPath);
    List<Path> ours =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isEmpty())
            .map(Path::of)
            .toList();
    for (String prefix : jarPrefixes) {
      List<String> jars =
          ours.stream()
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .map(Path::toString)
              .toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException(
            "no jar starting with '"
                + prefix
                + "' on the test class path; add it as a test dependency: "
                + ours);
      }
      entries.addAll(jars);
    }
    return entries;
  }
}
