package io.poolpilot.agent.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container's CPU limit and how often the kernel throttled this process's cgroup, read from
 * cgroup v2 ({@code cpu.max}, {@code cpu.stat}) or v1 ({@code cpu.cfs_quota_us}, {@code
 * cpu.cfs_period_us}, {@code cpu.stat}). A quota rounds {@code availableProcessors()} up (1.5 CPUs
 * show as 2), and throttling looks to the tuner like a busy CPU that more threads cannot help, so
 * it needs both numbers as they are.
 */
final class CgroupCpu {
  /** What the cgroup says. {@code limitCpus} is NaN when no quota is set. */
  record Reading(double limitCpus, long periods, long throttledPeriods, long throttledNanos) {}

  private final Path cgroupRoot;
  private final Path procSelfCgroup;

  CgroupCpu(Path cgroupRoot, Path procSelfCgroup) {
    this.cgroupRoot = cgroupRoot;
    this.procSelfCgroup = procSelfCgroup;
  }

  static CgroupCpu ofThisProcess() {
    return new CgroupCpu(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
  }

  /** The current reading, or empty where the files are not there (not Linux, no cpu controller). */
  Optional<Reading> read() {
    try {
      List<String> lines = Files.readAllLines(procSelfCgroup);
      for (String line : lines) {
        String[] parts = line.split(":", 3);
        if (parts.length == 3 && isCpuControllerV1(parts[1])) {
          return readV1(dir(cgroupRoot.resolve(parts[1]), parts[2]));
        }
      }
      for (String line : lines) {
        if (line.startsWith("0::")) {
          return readV2(dir(cgroupRoot, line.substring(3)));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isCpuControllerV1(String controllers) {
    for (String c : controllers.split(",")) {
      if (c.equals("cpu")) {
        return true;
      }
    }
    return false;
  }

  /** The cgroup's own directory where it is visible, else the mount's root (as in a container). */
  private static Path dir(Path mount, String cgroupPath) {
    Path own = mount.resolve(cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath);
    return Files.isDirectory(own) ? own : mount;
  }

  private static Optional<Reading> readV1(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("cpu.stat"))) {
      return Optional.empty();
    }
    Map<String, Long> stat = keyValues(dir.resolve("cpu.stat"));
    long quota = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_quota_us")).trim());
    long period = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_period_us")).trim());
    return Optional.of(
        new Reading(
            quota > 0 && period > 0 ? (double) quota / period : Double.NaN,
            stat.getOrDefault("nr_periods", 0L),
            stat.getOrDefault("nr_throttled", 0L),
            stat.getOrDefault("throttled_time", 0L)));
  }

  private static Optional<Reading> readV2(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("cpu.stat"))) {
      return Optional.empty();
    }
    Map<String, Long> stat = keyValues(dir.resolve("cpu.stat"));
    double limit = Double.NaN;
    Path max = dir.resolve("cpu.max");
    if (Files.exists(max)) {
      String[] quotaPeriod = Files.readString(max).trim().split("\\s+");
      if (quotaPeriod.length == 2 && !quotaPeriod[0].equals("max")) {
        limit = Double.parseDouble(quotaPeriod[0]) / Double.parseDouble(quotaPeriod[1]);
      }
    }
    return Optional.of(
        new Reading(
            limit,
            stat.getOrDefault("nr_periods", 0L),
            stat.getOrDefault("nr_throttled", 0L),
            stat.getOrDefault("throttled_usec", 0L) * 1000));
  }

  private static Map<String, Long> keyValues(Path file) throws IOException {
    Map<String, Long> values = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] kv = line.trim().split("\\s+");
      if (kv.length == 2) {
        try {
          values.put(kv[0], Long.parseLong(kv[1]));
        } catch (NumberFormatException ignored) {
          // a field this reader does not use
        }
      }
    }
    return values;
  }
}
