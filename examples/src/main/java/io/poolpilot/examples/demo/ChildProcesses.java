package io.poolpilot.examples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes the demo starts, each with its output in a log file, all stopped by {@link #close}
 * (also from a shutdown hook, so that Ctrl-C leaves nothing running): politely first, then
 * forcibly, children of children included.
 */
final class ChildProcesses implements AutoCloseable {

  /** One started process and its log. */
  record Child(String name, Process process, Path log) {

    /**
     * Waits for a line matching {@code regex} in the log; fails with the log if the process ends.
     */
    Matcher awaitLine(String regex, Duration patience) throws IOException, InterruptedException {
      Pattern pattern = Pattern.compile(regex);
      long deadline = System.nanoTime() + patience.toNanos();
      while (true) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            return m;
          }
        }
        if (!process.isAlive()) {
          throw new IllegalStateException(
              name
                  + " exited (status "
                  + process.exitValue()
                  + ") before printing /"
                  + regex
                  + "/; its log "
                  + log
                  + ":\n"
                  + tail());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name
                  + " printed no /"
                  + regex
                  + "/ within "
                  + patience.toSeconds()
                  + " s; its log "
                  + log
                  + ":\n"
                  + tail());
        }
        Thread.sleep(100);
      }
    }

    /** The log's last 30 lines. */
    String tail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }
  }

  private final Path logDir;
  private final List<Child> started = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAllAndDeleteLogs, "demo-cleanup");

  ChildProcesses(Path logDir) {
    this.logDir = logDir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  synchronized Child start(String name, List<String> command) throws IOException {
    Path log = logDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Child child = new Child(name, process, log);
    started.add(child);
    System.out.println("demo: started " + name + " (pid " + process.pid() + ")");
    return child;
  }

  /** Process ids of everything started, children of children included, still alive. */
  synchronized List<Long> alivePids() {
    List<Long> pids = new ArrayList<>();
    for (Child child : started) {
      child.process.descendants().filter(ProcessHandle::isAlive).forEach(h -> pids.add(h.pid()));
      if (child.process.isAlive()) {
        pids.add(child.process.pid());
      }
    }
    return pids;
  }

  /** Ctrl-C: the user chose to stop, so the logs go too rather than litter the temp directory. */
  private void stopAllAndDeleteLogs() {
    stopAll();
    deleteTree(logDir);
  }

  /** Deletes a directory and everything in it, saying so on stderr if it cannot. */
  static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("demo: could not delete " + dir + ": " + e);
    }
  }

  private synchronized void stopAll() {
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = started.size() - 1; i >= 0; i--) {
      Process process = started.get(i).process;
      process.descendants().forEach(all::add);
      all.add(process.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle handle : all) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception notYet) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("demo: process " + handle.pid() + " did not exit: " + e);
      }
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
  }
}
