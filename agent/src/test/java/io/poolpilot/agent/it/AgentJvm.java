package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A forked JVM running a test application, normally under the real agent jar: {@code <java> [jvm
 * args] [-javaagent:<earlier agent>...] -javaagent:<poolpilot-agent.jar>=<args> -cp <test
 * classes>[: <chosen jars>] <main class> [app args]}. It captures stdout and stderr line by line
 * with the moment each line arrived, and on {@link #close()} kills the process and everything it
 * started.
 *
 * <p>The JVM and the jar come from the system properties failsafe sets: {@code poolpilot.it.java},
 * {@code poolpilot.agent.jar} and {@code poolpilot.it.classes}.
 */
public final class AgentJvm implements AutoCloseable {
  /** Prefix of every line the agent writes on stderr. */
  public static final String AGENT_PREFIX = "[poolpilot]";

  /** One line of output and when the test saw it. */
  public record Line(Instant at, String text) {}

  private final List<String> command;
  private final Process process;
  private final List<Line> stdout = new CopyOnWriteArrayList<>();
  private final List<Line> stderr = new CopyOnWriteArrayList<>();
  private final List<Thread> readers = new ArrayList<>();
  private final CompletableFuture<Instant> exited = new CompletableFuture<>();
  private final OutputStream stdin;

  private AgentJvm(List<String> command, Map<String, String> env) throws IOException {
    this.command = List.copyOf(command);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    // The test's own environment must not configure the application's agent.
    environment
        .keySet()
        .removeIf(
            key ->
                key.startsWith("POOLPILOT_")
                    || key.startsWith("OTEL_")
                    || key.equals("JAVA_TOOL_OPTIONS")
                    || key.equals("JDK_JAVA_OPTIONS")
                    || key.equals("_JAVA_OPTIONS"));
    environment.putAll(env);
    process = builder.start();
    process.onExit().thenRun(() -> exited.complete(Instant.now()));
    stdin = process.getOutputStream();
    readers.add(read(process.getInputStream(), stdout, "stdout"));
    readers.add(read(process.getErrorStream(), stderr, "stderr"));
  }

  /** Starts describing a JVM that runs {@code mainClass} under the agent. */
  public static Builder app(Class<?> mainClass) {
    return new Builder(mainClass.getName());
  }

  public static Path agentJar() {
    return Path.of(required("poolpilot.agent.jar"));
  }

  public static Path testClasses() {
    return Path.of(required("poolpilot.it.classes"));
  }

  public static String java() {
    return required("poolpilot.it.java");
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run the integration tests with failsafe");
    }
    return value;
  }

  public long pid() {
    return process.pid();
  }

  public List<String> stdout() {
    return stdout.stream().map(Line::text).toList();
  }

  public List<String> stderr() {
    return stderr.stream().map(Line::text).toList();
  }

  /** Lines on stderr that the agent wrote. */
  public List<String> agentLines() {
    return stderr().stream().filter(line -> line.startsWith(AGENT_PREFIX)).toList();
  }

  /** Lines on stderr that the agent did not write. */
  public List<String> otherStderr() {
    return stderr().stream().filter(line -> !line.startsWith(AGENT_PREFIX)).toList();
  }

  /** When {@code text} first appeared on stdout, if it did. */
  public Optional<Instant> stdoutLineAt(String text) {
    return stdout.stream().filter(line -> line.text().equals(text)).map(Line::at).findFirst();
  }

  /**
   * Waits for the first stdout line that starts with {@code prefix} and returns the rest of it;
   * fails early if the JVM exits first.
   */
  public String awaitStdoutLineStartingWith(String prefix, Duration within) {
    await()
        .atMost(within)
        .until(() -> stdout().stream().anyMatch(l -> l.startsWith(prefix)) || !process.isAlive());
    return stdout().stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()))
        .orElseThrow(
            () -> new AssertionError("no line starting with '" + prefix + "'\n" + report()));
  }

  /** Waits until stdout holds {@code text} as a whole line; fails early if the JVM exits first. */
  public void awaitStdoutLine(String text, Duration within) {
    await().atMost(within).until(() -> stdout().contains(text) || !process.isAlive());
    assertThat(stdout()).as(this::report).contains(text);
  }

  /** Writes one line to the application's stdin. */
  public void sendLine(String text) {
    try {
      stdin.write((text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the application's stdin\n" + report(), e);
    }
  }

  /**
   * Asks an application that reads its stdin to stop (a {@code stop} line) and waits up to 30 s for
   * it to exit; returns its exit code.
   */
  public int stopApp() {
    sendLine("stop");
    return awaitExit(Duration.ofSeconds(30));
  }

  /** Waits for the JVM to exit by itself and returns its exit code. */
  public int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the JVM did not exit within " + within + "\n" + report());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the JVM to exit", e);
    }
    joinReaders();
    return process.exitValue();
  }

  /** When the process exited; only after {@link #awaitExit}. */
  public Instant exitedAt() {
    return exited.join();
  }

  /** The command, stdout and stderr so far: what a failing assertion should show. */
  public String report() {
    StringBuilder report = new StringBuilder("command: ").append(String.join(" ", command));
    report.append("\n--- stdout ---\n");
    stdout().forEach(line -> report.append(line).append('\n'));
    report.append("--- stderr ---\n");
    stderr().forEach(line -> report.append(line).append('\n'));
    return report.toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      stdin.close();
    } catch (IOException ignored) {
      // the process is gone
    }
    joinReaders();
  }

  private void joinReaders() {
    for (Thread reader : readers) {
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Thread read(InputStream stream, List<Line> into, String name) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  into.add(new Line(Instant.now(), line));
                }
              } catch (IOException closed) {
                // the process is gone
              }
            },
            "agent-jvm-" + name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  /** What to run; {@link #start()} forks it. */
  public static final class Builder {
    private final String mainClass;
    private boolean withAgent = true;
    private String agentArgs;
    private final List<Path> earlierAgents = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> appArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jarPrefixes = new ArrayList<>();

    private Builder(String mainClass) {
      this.mainClass = mainClass;
    }

    /** The text after {@code =} in PoolPilot's {@code -javaagent} option. */
    public Builder agentArgs(String args) {
      this.agentArgs = args;
      return this;
    }

    /** Runs the application as it is, for a baseline. */
    public Builder withoutAgent() {
      this.withAgent = false;
      return this;
    }

    /** Another agent jar, given before PoolPilot's, so its premain runs first. */
    public Builder agentBefore(Path jar) {
      earlierAgents.add(jar);
      return this;
    }

    public Builder jvmArgs(String... args) {
      jvmArgs.addAll(List.of(args));
      return this;
    }

    public Builder appArgs(String... args) {
      appArgs.addAll(List.of(args));
      return this;
    }

    /**
     * Puts on the application's class path, after the test classes, the jars of the test's own
     * class path whose file names start with one of {@code fileNamePrefixes} (such as {@code
     * "tomcat-embed-core-"}): the libraries an application needs, taken from the test-scoped
     * dependencies, without everything else the test runs with.
     */
    public Builder classPathJars(String... fileNamePrefixes) {
      jarPrefixes.addAll(List.of(fileNamePrefixes));
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public AgentJvm start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(java());
      command.addAll(jvmArgs);
      for (Path jar : earlierAgents) {
        command.add("-javaagent:" + jar);
      }
      if (withAgent) {
        Path jar = agentJar();
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException("no agent jar at " + jar + ": run after package");
        }
        command.add("-javaagent:" + jar + (agentArgs == null ? "" : "=" + agentArgs));
      }
      command.add("-cp");
      command.add(classPath());
      command.add(mainClass);
      command.addAll(appArgs);
      return new AgentJvm(command, env);
    }

    private String classPath() {
      List<String> entries = new ArrayList<>();
      entries.add(testClasses().toString());
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
      return String.join(File.pathSeparator, entries);
    }
  }
}
