package io.poolpilot.testsupport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** What {@link LaunchedJvmTest} forks: one behaviour per first argument. */
public final class LauncherTestApp {
  private LauncherTestApp() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "echo" -> echo();
      case "interleave" -> {
        System.out.println("first on stdout");
        System.err.println("then on stderr");
        System.out.println("last on stdout");
      }
      case "silent-exit" -> System.exit(7);
      case "parent" -> parent();
      case "hook" -> {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
        System.out.println("ready");
        new CountDownLatch(1).await();
      }
      case "stubborn" -> {
        CountDownLatch never = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(LauncherTestApp.waitFor(never)));
        System.out.println("ready");
        never.await();
      }
      case "sidecar" -> {
        System.out.println("poolpilot-sidecar starting");
        System.out.println(
            "poolpilot-sidecar listening: otlp=http://127.0.0.1:4318 api=http://127.0.0.1:8080"
                + " journal=/tmp/journal.jsonl token=configured");
        new CountDownLatch(1).await();
      }
      default -> throw new IllegalArgumentException("no such behaviour: " + args[0]);
    }
  }

  /** Prints what it was given, echoes stdin lines until {@code stop}, and exits with 3. */
  private static void echo() throws Exception {
    System.out.println("property " + System.getProperty("test.property"));
    System.out.println("env " + System.getenv("TEST_VARIABLE"));
    System.err.println("a line on stderr");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      System.out.println("got " + line);
    }
    System.exit(3);
  }

  /** Starts a child JVM that blocks for ever, prints its pid, and blocks for ever itself. */
  private static void parent() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LauncherTestApp.class.getName(),
                "hook")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    System.out.println("child " + child.pid());
    new CountDownLatch(1).await();
  }

  private static Runnable waitFor(CountDownLatch latch) {
    return () -> {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
