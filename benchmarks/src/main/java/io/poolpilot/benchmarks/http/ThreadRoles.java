package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Splits a service's CPU time by what its threads do, from {@code /proc/<pid>/task/<tid>/stat}: the
 * threads that serve requests ({@code OrderService}'s pool workers and the JDK server's
 * dispatcher), the JVM's own (JIT compilers, the VM thread that also runs the serial collector,
 * ...), and the rest, which in these services is the agent's (exporters, span and metric workers,
 * HTTP client). Where an agent's cost goes matters: work on the request threads grows with traffic,
 * background work does not.
 */
final class ThreadRoles {
  /**
   * CPU nanoseconds of the request threads and of the JVM's threads; the rest is total minus both.
   */
  record Split(long requestNanos, long jvmNanos) {}

  private ThreadRoles() {}

  static Split of(long pid, ProcStat proc) {
    long[] nanosByRole = new long[Role.values().length];
    forEachThread(
        pid,
        (role, task) ->
            nanosByRole[role.ordinal()] += proc.cpuNanosOf(Files.readString(task.resolve("stat"))));
    return new Split(nanosByRole[Role.REQUEST.ordinal()], nanosByRole[Role.JVM.ordinal()]);
  }

  /** How many of the process's threads serve requests, by name. */
  static int requestThreadsOf(long pid) {
    int[] count = new int[1];
    forEachThread(
        pid,
        (role, task) -> {
          if (role == Role.REQUEST) {
            count[0]++;
          }
        });
    return count[0];
  }

  private interface ThreadVisitor {
    void visit(Role role, Path task) throws IOException;
  }

  /**
   * Visits every thread of {@code pid} with its role; a thread that ends while being read is left
   * out (its CPU time shows in the process total).
   */
  private static void forEachThread(long pid, ThreadVisitor visitor) {
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          visitor.visit(roleOf(Files.readString(task.resolve("comm")).trim()), task);
        } catch (IOException | RuntimeException e) {
          // The thread ended while being read.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of " + pid + ": " + e, e);
    }
  }

  enum Role {
    REQUEST,
    JVM,
    OTHER
  }

  /**
   * By thread name as {@code /proc} shows it: at most 15 characters. Request threads are {@link
   * OrderService}'s and those of Tomcat's NIO connector ({@code http-nio-<port>-exec-<n>}, its
   * poller and acceptor), which Spring Boot applications serve on.
   */
  static Role roleOf(String name) {
    if (name.startsWith("orders-http-")
        || name.equals("HTTP-Dispatcher")
        || name.startsWith("http-nio-")) {
      return Role.REQUEST;
    }
    if (name.startsWith("C1 CompilerThre")
        || name.startsWith("C2 CompilerThre")
        || name.startsWith("VM ")
        || name.startsWith("GC ")
        || name.startsWith("G1 ")
        || name.equals("Sweeper thread")
        || name.equals("Service Thread")
        || name.equals("Common-Cleaner")
        || name.equals("Signal Dispatch")
        || name.equals("Reference Handl")
        || name.equals("Finalizer")
        || name.equals("Monitor Deflati")
        || name.equals("Notification Th")
        || name.equals("Attach Listener")
        || name.equals("java")) {
      return Role.JVM;
    }
    return Role.OTHER;
  }
}
