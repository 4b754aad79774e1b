package io.poolpilot.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Processes a test started, with their output kept, and all destroyed at the end. */
final class Processes implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  /** One started process and everything it printed. */
  static final class Running {
    final String name;
    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();

    Running(String name, Process process) {
      this.name = name;
      this.process = process;
    }

    /** Waits for a line matching {@code regex}; returns its match. */
    Matcher awaitLine(String regex) {
      Pattern pattern = Pattern.compile(regex);
      Matcher[] found = new Matcher[1];
      await()
          .atMost(PATIENCE)
          .alias(name + " printing /" + regex + "/; output so far: " + output)
          .until(
              () -> {
                for (String line : output) {
                  Matcher m = pattern.matcher(line);
                  if (m.find()) {
                    found[0] = m;
                    return true;
                  }
                }
                return false;
              });
      return found[0];
    }

    /** The last line starting with {@code prefix}, or null. */
    String lastLine(String prefix) {
      String last = null;
      for (String line : output) {
        if (line.startsWith(prefix)) {
          last = line;
        }
      }
      return last;
    }
  }

  private final List<Running> started = new ArrayList<>();

  Running start(String name, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Running running = new Running(name, process);
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  running.output.add(line);
                }
              } catch (IOException closed) {
                // the process ended
              }
            },
            name + "-output");
    drain.setDaemon(true);
    drain.start();
    started.add(running);
    return running;
  }

  static void kill(Running running) throws InterruptedException {
    running.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    for (Running running : started) {
      kill(running);
    }
  }
}
