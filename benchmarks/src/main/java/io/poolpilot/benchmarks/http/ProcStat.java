package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Linux's {@code /proc} says about another process: its CPU time (user + system, all threads,
 * from {@code /proc/<pid>/stat}), resident memory and thread count (from {@code
 * /proc/<pid>/status}). Read from outside, so the measuring costs the measured process nothing.
 */
public final class ProcStat {
  /** The kernel's {@code USER_HZ}: 100 on every mainstream Linux architecture. */
  static final long DEFAULT_CLOCK_TICKS_PER_SECOND = 100;

  private final long ticksPerSecond;

  public ProcStat(long ticksPerSecond) {
    if (ticksPerSecond <= 0) {
      throw new IllegalArgumentException(
          "clock ticks per second must be positive: " + ticksPerSecond);
    }
    this.ticksPerSecond = ticksPerSecond;
  }

  @Override
  public String toString() {
    return ticksPerSecond + "/s";
  }

  /** Asks {@code getconf CLK_TCK}; falls back to 100 where that fails. */
  public static ProcStat ofThisMachine() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      if (getconf.waitFor() == 0) {
        return new ProcStat(Long.parseLong(out));
      }
    } catch (IOException | NumberFormatException e) {
      // No getconf: use the default below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ProcStat(DEFAULT_CLOCK_TICKS_PER_SECOND);
  }

  /** CPU time of the process in nanoseconds: user + system time of all its threads. */
  public long cpuNanos(long pid) {
    try {
      return cpuNanosOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e, e);
    }
  }

  /** Parses one {@code /proc/<pid>/stat} line: utime + stime, fields 14 and 15, in clock ticks. */
  long cpuNanosOf(String statLine) {
    String[] fields = fieldsFrom3(statLine);
    // fields[0] is field 3, so field n is fields[n - 3].
    if (fields.length < 13) {
      throw new IllegalArgumentException(
          "/proc/<pid>/stat line has " + (fields.length + 2) + " fields, expected at least 15");
    }
    long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    return ticks * 1_000_000_000L / ticksPerSecond;
  }

  /**
   * Whether this JVM runs under a real-time scheduling policy ({@code SCHED_FIFO} or {@code
   * SCHED_RR}, as {@code chrt} sets it), from field 41 of {@code /proc/self/stat}.
   */
  static boolean selfIsRealtime() {
    try {
      int policy = schedulingPolicyOf(Files.readString(Path.of("/proc/self/stat")));
      return policy == 1 || policy == 2;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Field 41 of a {@code /proc/<pid>/stat} line: 0 normal, 1 FIFO, 2 round-robin, ... */
  static int schedulingPolicyOf(String statLine) {
    String[] fields = fieldsFrom3(statLine);
    if (fields.length < 41 - 2) {
      throw new IllegalArgumentException(
          "/proc/<pid>/stat line has " + (fields.length + 2) + " fields, expected at least 41");
    }
    return Integer.parseInt(fields[41 - 3]);
  }

  /**
   * The fields from field 3 (state) onwards. The command name (field 2) is in parentheses and may
   * itself hold spaces and parentheses, so counting starts after the last {@code ')'}.
   */
  private static String[] fieldsFrom3(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: '" + statLine + "'");
    }
    return statLine.substring(close + 1).trim().split("\\s+");
  }

  /**
   * Resident memory and threads of a process, read at one point in this order: its threads by kind
   * ({@link ThreadCensus}) and {@code /proc/<pid>/status}, before {@code jcmd} attaches (which
   * starts the JVM's attach listener); then Native Memory Tracking's committed total; then resident
   * memory again after {@code System.trim_native_heap} ({@link NativeMemory}).
   *
   * @param rssMb resident memory ({@code VmRSS}) as read, MiB
   * @param threads threads ({@code Threads})
   * @param requestThreads of those, how many serve requests ({@link ThreadRoles}): a servlet
   *     container grows and shrinks its request pool with recent load
   * @param nmtCommittedMb the JVM's own committed total (NMT), MiB; NaN if not tracked
   * @param trimmedRssMb resident memory after the C library returned freed memory, MiB; NaN if not
   *     read
   * @param census the threads by kind, or null if not read
   */
  public record Footprint(
      double rssMb,
      int threads,
      int requestThreads,
      double nmtCommittedMb,
      double trimmedRssMb,
      ThreadCensus census) {

    /** A footprint from {@code /proc} alone. */
    public Footprint(double rssMb, int threads, int requestThreads) {
      this(rssMb, threads, requestThreads, Double.NaN, Double.NaN, null);
    }

    int otherThreads() {
      return threads - requestThreads;
    }

    /**
     * Threads of kinds that {@code base} (the service without an agent) has none of: what an agent
     * started, whatever their names. -1 without both censuses.
     */
    int threadsAddedByKind(Footprint base) {
      return census == null || base.census == null
          ? -1
          : census.threadsOfKindsAbsentFrom(base.census);
    }

    /**
     * The rest of the difference in threads to {@code base}: threads of kinds the service has
     * anyway (its pools' sizes, which follow recent load).
     */
    int applicationThreadsAdded(Footprint base) {
      int byKind = threadsAddedByKind(base);
      return byKind < 0 ? Integer.MIN_VALUE : threads - byKind - base.threads;
    }
  }

  /** Reads the footprint of process {@code pid} ({@link Footprint} says in which order). */
  public static Footprint footprint(long pid) {
    ThreadCensus census = ThreadCensus.ofProcess(pid);
    Footprint plain;
    try {
      plain = footprintOf(statusOf(pid), ThreadRoles.requestThreadsOf(pid));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e, e);
    }
    double committed = NativeMemory.committedMib(pid);
    double trimmed = Double.NaN;
    if (NativeMemory.trimNativeHeap(pid)) {
      try {
        trimmed = footprintOf(statusOf(pid), 0).rssMb();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e, e);
      }
    }
    return new Footprint(
        plain.rssMb(), plain.threads(), plain.requestThreads(), committed, trimmed, census);
  }

  private static String statusOf(long pid) throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
  }

  static Footprint footprintOf(String status, int requestThreads) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : status.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    String rss = fields.get("VmRSS");
    String threads = fields.get("Threads");
    if (rss == null || threads == null || !rss.endsWith("kB")) {
      throw new IllegalArgumentException(
          "/proc/<pid>/status without 'VmRSS: <n> kB' and 'Threads: <n>': VmRSS="
              + rss
              + " Threads="
              + threads);
    }
    double kb = Double.parseDouble(rss.substring(0, rss.length() - 2).trim());
    return new Footprint(kb / 1024.0, Integer.parseInt(threads), requestThreads);
  }
}
