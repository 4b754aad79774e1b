package io.poolpilot.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM a {@link JvmLauncher} forked: its output read line by line with the moment each line
 * arrived, its stdin open for {@link #sendLine}, and on {@link #close()} killed together with every
 * process it started. Waits for output wake up at each new line (no polling: a benchmark's start-up
 * time is not stretched by the wait, and a long wait costs no CPU), and fail as soon as the output
 * has ended, with the command and everything printed so far.
 */
public final class LaunchedJvm implements AutoCloseable {
  /** Prefix of every line the PoolPilot agent writes on stderr. */
  public static final String AGENT_PREFIX = "[poolpilot]";

  private static final Duration READERS_DRAIN = Duration.ofSeconds(30);

  /** One line of output and when it was read. */
  public record Line(Instant at, String text) {}

  private final String name;
  private final List<String> command;
  private final Path stderrFile;
  private final Process process;
  private final OutputStream stdin;
  private final List<Line> stdout = new CopyOnWriteArrayList<>();
  private final List<Line> stderr = new CopyOnWriteArrayList<>();
  private final List<Thread> readers = new ArrayList<>();
  private final CompletableFuture<Void> stdoutEnded = new CompletableFuture<>();
  private final CompletableFuture<Instant> exited = new CompletableFuture<>();
  private final Set<ProcessHandle> descendantsSeen = ConcurrentHashMap.newKeySet();

  /** Notified by the readers at each line and at the end of a stream; output waits wait on it. */
  private final Object outputChanged = new Object();

  /** Counts the lines read and the streams ended; guarded by {@link #outputChanged}. */
  private long outputVersion;

  LaunchedJvm(String name, ProcessBuilder builder, Path stderrFile) throws IOException {
    this.name = name;
    this.command = List.copyOf(builder.command());
    this.stderrFile = stderrFile;
    this.process = builder.start();
    process.onExit().thenRun(() -> exited.complete(Instant.now()));
    stdin = process.getOutputStream();
    readers.add(read(process.getInputStream(), stdout, "stdout", stdoutEnded));
    if (builder.redirectError() == ProcessBuilder.Redirect.PIPE && !builder.redirectErrorStream()) {
      readers.add(read(process.getErrorStream(), stderr, "stderr", new CompletableFuture<>()));
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Every stdout line so far (stdout and stderr, when the launcher merged them). */
  public List<String> stdout() {
    return stdout.stream().map(Line::text).toList();
  }

  /** Every stderr line so far; none when stderr was merged or sent to a file. */
  public List<String> stderr() {
    return stderr.stream().map(Line::text).toList();
  }

  /** Lines on stderr that the PoolPilot agent wrote. */
  public List<String> agentLines() {
    return stderr().stream().filter(line -> line.startsWith(AGENT_PREFIX)).toList();
  }

  /** Lines on stderr that the PoolPilot agent did not write. */
  public List<String> otherStderr() {
    return stderr().stream().filter(line -> !line.startsWith(AGENT_PREFIX)).toList();
  }

  /** When {@code text} first appeared on stdout, if it did. */
  public Optional<Instant> stdoutLineAt(String text) {
    return stdout.stream().filter(line -> line.text().equals(text)).map(Line::at).findFirst();
  }

  /** The last stdout line starting with {@code prefix}, or null if there is none yet. */
  public String lastStdoutLineStartingWith(String prefix) {
    String last = null;
    for (Line line : stdout) {
      if (line.text().startsWith(prefix)) {
        last = line.text();
      }
    }
    return last;
  }

  /** Waits until stdout holds {@code text} as a whole line. */
  public void awaitStdoutLine(String text, Duration within) {
    awaitOutput(
        () -> stdout().contains(text) ? Optional.of(text) : Optional.empty(),
        "a line '" + text + "'",
        within);
  }

  /** Waits for the first stdout line that starts with {@code prefix}; returns the rest of it. */
  public String awaitStdoutLineStartingWith(String prefix, Duration within) {
    return awaitOutput(
        () ->
            stdout().stream()
                .filter(line -> line.startsWith(prefix))
                .findFirst()
                .map(line -> line.substring(prefix.length())),
        "a line starting with '" + prefix + "'",
        within);
  }

  /** Waits for the first stdout line in which {@code pattern} is found; returns the match. */
  public MatchResult awaitStdoutLineMatching(Pattern pattern, Duration within) {
    return awaitOutput(
        () ->
            stdout().stream()
                .map(pattern::matcher)
                .filter(Matcher::find)
                .map(Matcher::toMatchResult)
                .findFirst(),
        "a line matching /" + pattern + "/",
        within);
  }

  /** Writes one line to the application's stdin. */
  public void sendLine(String text) {
    try {
      stdin.write((text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the stdin of " + name + "\n" + report(), e);
    }
  }

  /**
   * Asks an application that reads its stdin to stop (a {@code stop} line, the test applications'
   * convention) and waits up to 30 s for it to exit; returns its exit code.
   */
  public int stopApp() {
    sendLine("stop");
    return awaitExit(Duration.ofSeconds(30));
  }

  /** Waits for the JVM to exit by itself, and for its output to be read; returns its exit code. */
  public int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + within + "\n" + report());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name + " to exit", e);
    }
    joinReaders();
    return process.exitValue();
  }

  /** When the process exited; only after {@link #awaitExit}. */
  public Instant exitedAt() {
    return exited.join();
  }

  /** Sends SIGTERM, which runs the JVM's shutdown hooks as Ctrl-C does, and returns at once. */
  public void terminate() {
    rememberDescendants();
    // Through the handle: Process.destroy() would also close the pipes, losing what the shutdown
    // hooks print.
    process.toHandle().destroy();
  }

  /**
   * Sends SIGTERM and waits up to {@code grace} for the JVM to exit; then kills it and what it
   * started. Returns the exit code.
   */
  public int stop(Duration grace) {
    terminate();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        killRemembered();
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return kill();
  }

  /**
   * Kills the process (SIGKILL) and every process it started, as a crash would, and waits up to 30
   * s for it to be gone; returns its exit code.
   */
  public int kill() {
    rememberDescendants();
    killRemembered();
    process.toHandle().destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
    return process.exitValue();
  }

  /** The command, stdout and stderr so far: what a failing assertion should show. */
  public String report() {
    StringBuilder report = new StringBuilder(name).append(": ").append(String.join(" ", command));
    report.append("\n--- stdout ---\n");
    stdout().forEach(line -> report.append(line).append('\n'));
    report.append("--- stderr ---\n");
    if (stderrFile != null) {
      report.append("(appended to ").append(stderrFile).append(")\n");
    }
    stderr().forEach(line -> report.append(line).append('\n'));
    return report.toString();
  }

  /** Kills the process and what it started, if still running, and stops reading its output. */
  @Override
  public void close() {
    try {
      kill();
    } finally {
      try {
        stdin.close();
      } catch (IOException ignored) {
        // the process is gone
      }
      joinReaders();
    }
  }

  private <T> T awaitOutput(Supplier<Optional<T>> found, String what, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long seen = outputVersion();
      boolean ended = stdoutEnded.isDone();
      // Looked at outside the lock, so that the readers never wait for a look to finish.
      Optional<T> result = found.get();
      if (result.isPresent()) {
        return result.get();
      }
      if (ended) {
        throw new AssertionError(name + " ended its output without " + what + "\n" + report());
      }
      if (!awaitOutputAfter(seen, deadline)) {
        throw new AssertionError(
            "no " + what + " from " + name + " within " + within + "\n" + report());
      }
    }
  }

  private long outputVersion() {
    synchronized (outputChanged) {
      return outputVersion;
    }
  }

  /** Waits for output past {@code version}, or the end of it; false if the deadline came first. */
  private boolean awaitOutputAfter(long version, long deadline) {
    synchronized (outputChanged) {
      while (outputVersion == version) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(outputChanged, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for the output of " + name, e);
        }
      }
      return true;
    }
  }

  private void rememberDescendants() {
    process.descendants().forEach(descendantsSeen::add);
  }

  private void killRemembered() {
    descendantsSeen.forEach(ProcessHandle::destroyForcibly);
  }

  private void joinReaders() {
    for (Thread reader : readers) {
      try {
        reader.join(READERS_DRAIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void outputChanged() {
    synchronized (outputChanged) {
      outputVersion++;
      outputChanged.notifyAll();
    }
  }

  private Thread read(
      InputStream stream, List<Line> into, String streamName, CompletableFuture<Void> ended) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  into.add(new Line(Instant.now(), line));
                  outputChanged();
                }
              } catch (IOException closed) {
                // the process is gone
              } finally {
                ended.complete(null);
                outputChanged();
              }
            },
            name + "-" + streamName);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
