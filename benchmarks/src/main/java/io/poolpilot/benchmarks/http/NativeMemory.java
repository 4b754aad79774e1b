package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's JVM says about its own native memory, through {@code jcmd}: Native Memory
 * Tracking's committed total ({@code VM.native_memory summary}, which needs {@code
 * -XX:NativeMemoryTracking=summary} on the service's command line), and {@code
 * System.trim_native_heap}, which makes the C library hand memory that was freed back to the
 * system. Why both: resident memory also holds what the JVM freed but glibc kept, mostly the JIT
 * compiler's arenas from the last burst of compilation (on petclinic-rest 42 MiB in a service
 * without an agent after 90 s of load), so a plain RSS difference between two services says as much
 * about when each last compiled a lot as about what an agent keeps.
 *
 * <p>{@code jcmd} is started at the normal scheduling policy ({@code chrt -o 0} when this JVM runs
 * real-time), so that its own start does not take the load generator's cpu.
 */
final class NativeMemory {
  private static final Pattern COMMITTED_TOTAL =
      Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB", Pattern.MULTILINE);
  private static final long JCMD_TIMEOUT_SECONDS = 60;

  private NativeMemory() {}

  /** NMT's committed total of process {@code pid} in MiB, NaN if NMT is off or jcmd fails. */
  static double committedMib(long pid) {
    String out = jcmd(pid, "VM.native_memory", "summary");
    return out == null ? Double.NaN : committedMibOf(out);
  }

  /** Asks process {@code pid} to trim its C heap; false if jcmd failed. */
  static boolean trimNativeHeap(long pid) {
    return jcmd(pid, "System.trim_native_heap") != null;
  }

  /**
   * The committed total of a {@code VM.native_memory summary} output, in MiB; NaN if the output has
   * no total (NMT not enabled in that JVM).
   */
  static double committedMibOf(String summary) {
    Matcher total = COMMITTED_TOTAL.matcher(summary);
    return total.find() ? Long.parseLong(total.group(2)) / 1024.0 : Double.NaN;
  }

  private static String jcmd(long pid, String... command) {
    List<String> line = new ArrayList<>();
    if (ProcStat.selfIsRealtime()) {
      line.addAll(List.of("chrt", "-o", "0"));
    }
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    try {
      Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        System.out.println("jcmd " + String.join(" ", command) + " on " + pid + " failed: " + out);
        return null;
      }
      return out;
    } catch (IOException e) {
      System.out.println("jcmd " + String.join(" ", command) + " on " + pid + " failed: " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
