package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  /** A {@code /proc/<pid>/stat} line with the given fields 14, 15 and 41, the rest made up. */
  private static String statLine(String command, long utime, long stime, int policy) {
    List<String> fields = new ArrayList<>(List.of("4242", "(" + command + ")"));
    for (int field = 3; field <= 52; field++) {
      fields.add(
          switch (field) {
            case 3 -> "S";
            case 14 -> Long.toString(utime);
            case 15 -> Long.toString(stime);
            case 16, 17 -> "7"; // children's times: must not count
            case 41 -> Integer.toString(policy);
            default -> Integer.toString(field * 3);
          });
    }
    return String.join(" ", fields) + "\n";
  }

  @Test
  void addsUserAndSystemTicksOfTheProcessOnly() {
    ProcStat proc = new ProcStat(100);

    assertThat(proc.cpuNanosOf(statLine("java", 250, 50, 0))).isEqualTo(3_000_000_000L);
  }

  @Test
  void convertsTicksWithTheMachinesClockRate() {
    assertThat(new ProcStat(250).cpuNanosOf(statLine("java", 1, 0, 0))).isEqualTo(4_000_000L);
  }

  @Test
  void countsFieldsFromTheLastParenthesisSoCommandNamesMayHoldSpacesAndParentheses() {
    ProcStat proc = new ProcStat(100);

    assertThat(proc.cpuNanosOf(statLine("a (b) c) d", 1, 2, 0))).isEqualTo(30_000_000L);
    assertThat(ProcStat.schedulingPolicyOf(statLine("x) 1 2 (", 0, 0, 2))).isEqualTo(2);
  }

  @Test
  void readsTheRealStatOfThisJvm() {
    long pid = ProcessHandle.current().pid();
    ProcStat proc = ProcStat.ofThisMachine();

    long first = proc.cpuNanos(pid);
    assertThat(first).isPositive();
    assertThat(proc.cpuNanos(pid)).isGreaterThanOrEqualTo(first);
  }

  @Test
  void rejectsWhatIsNotAStatLine() {
    ProcStat proc = new ProcStat(100);

    assertThatThrownBy(() -> proc.cpuNanosOf("VmRSS: 12 kB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc/<pid>/stat line");
    assertThatThrownBy(() -> proc.cpuNanosOf("1 (java) S 2 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected at least 15");
    assertThatThrownBy(() -> new ProcStat(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsResidentMemoryAndThreadsFromStatus() {
    String status = "Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t  153600 kB\nThreads:\t41\n";

    ProcStat.Footprint footprint = ProcStat.footprintOf(status, 0);

    assertThat(footprint.rssMb()).isEqualTo(150.0);
    assertThat(footprint.threads()).isEqualTo(41);
  }

  @Test
  void saysWhichStatusFieldIsMissing() {
    assertThatThrownBy(() -> ProcStat.footprintOf("Name:\tjava\nThreads:\t3\n", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VmRSS=null");
  }
}
