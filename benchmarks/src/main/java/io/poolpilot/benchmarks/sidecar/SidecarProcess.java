package io.poolpilot.benchmarks.sidecar;

import io.poolpilot.benchmarks.http.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sidecar as seen from outside, through {@code /proc} and its output file, so measuring costs
 * it nothing: CPU time, resident memory (tracked at its peak between samples) and the Vert.x
 * blocked-thread warnings it logged.
 */
final class SidecarProcess {
  private final long pid;
  private final Path log;
  private final ProcStat proc = ProcStat.ofThisMachine();
  private double maxRssMib;

  SidecarProcess(long pid, Path log) {
    this.pid = pid;
    this.log = log;
  }

  long cpuNanos() {
    return proc.cpuNanos(pid);
  }

  /** Resident memory now; also remembered as the peak if it is the largest seen. */
  double rssMib() {
    double rss = ProcStat.footprint(pid).rssMb();
    maxRssMib = Math.max(maxRssMib, rss);
    return rss;
  }

  double maxRssMib() {
    return maxRssMib;
  }

  void resetMaxRss() {
    maxRssMib = 0;
  }

  int threads() {
    return ProcStat.footprint(pid).threads();
  }

  /** Lines of the sidecar's output with Vert.x's "Thread ... has been blocked for" warning. */
  long blockedWarnings() {
    if (log == null) {
      return -1;
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains("has been blocked for")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }
}
