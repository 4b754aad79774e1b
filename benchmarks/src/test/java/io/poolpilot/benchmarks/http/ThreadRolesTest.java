package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.benchmarks.http.ThreadRoles.Role;
import org.junit.jupiter.api.Test;

class ThreadRolesTest {

  @Test
  void tellsRequestThreadsJvmThreadsAndTheRestApartByTheirProcNames() {
    assertThat(ThreadRoles.roleOf("orders-http-12")).isEqualTo(Role.REQUEST);
    assertThat(ThreadRoles.roleOf("HTTP-Dispatcher")).isEqualTo(Role.REQUEST);
    assertThat(ThreadRoles.roleOf("http-nio-41235-")).isEqualTo(Role.REQUEST);
    assertThat(ThreadRoles.roleOf("C2 CompilerThre")).isEqualTo(Role.JVM);
    assertThat(ThreadRoles.roleOf("VM Thread")).isEqualTo(Role.JVM);
    assertThat(ThreadRoles.roleOf("poolpilot-expor")).isEqualTo(Role.OTHER);
    assertThat(ThreadRoles.roleOf("BatchSpanProces")).isEqualTo(Role.OTHER);
    assertThat(ThreadRoles.roleOf("HttpClient-1-Wo")).isEqualTo(Role.OTHER);
  }

  @Test
  void readsTheThreadsOfARealProcess() {
    ProcStat proc = ProcStat.ofThisMachine();
    long pid = ProcessHandle.current().pid();

    ThreadRoles.Split split = ThreadRoles.of(pid, proc);

    assertThat(split.requestNanos()).isZero();
    assertThat(split.jvmNanos()).isPositive().isLessThanOrEqualTo(proc.cpuNanos(pid));
  }
}
