package io.poolpilot.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupCpuTest {
  @TempDir Path root;

  private Path write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  @Test
  void readsQuotaAndThrottlingFromCgroupV2() throws IOException {
    Path self = write("proc/self/cgroup", "0::/kubepods/pod1/app\n");
    write("fs/kubepods/pod1/app/cpu.max", "150000 100000\n");
    write(
        "fs/kubepods/pod1/app/cpu.stat",
        "usage_usec 500\nnr_periods 40\nnr_throttled 7\nthrottled_usec 2500\n");

    CgroupCpu.Reading reading = new CgroupCpu(root.resolve("fs"), self).read().orElseThrow();

    assertThat(reading.limitCpus()).isEqualTo(1.5);
    assertThat(reading.periods()).isEqualTo(40);
    assertThat(reading.throttledPeriods()).isEqualTo(7);
    assertThat(reading.throttledNanos()).isEqualTo(2_500_000);
  }

  @Test
  void anUnlimitedV2CgroupHasNoLimit() throws IOException {
    Path self = write("proc/self/cgroup", "0::/\n");
    write("fs/cpu.max", "max 100000\n");
    write("fs/cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");

    assertThat(new CgroupCpu(root.resolve("fs"), self).read().orElseThrow().limitCpus()).isNaN();
  }

  @Test
  void readsCgroupV1FromTheCpuControllersMountEvenWhenItsPathIsHidden() throws IOException {
    Path self = write("proc/self/cgroup", "4:memory:/x\n2:cpu,cpuacct:/docker/abc\n");
    write("fs/cpu,cpuacct/cpu.cfs_quota_us", "200000\n");
    write("fs/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
    write("fs/cpu,cpuacct/cpu.stat", "nr_periods 10\nnr_throttled 3\nthrottled_time 900\n");

    CgroupCpu.Reading reading = new CgroupCpu(root.resolve("fs"), self).read().orElseThrow();

    assertThat(reading.limitCpus()).isEqualTo(2.0);
    assertThat(reading.throttledPeriods()).isEqualTo(3);
    assertThat(reading.throttledNanos()).isEqualTo(900);
  }

  @Test
  void aV1QuotaOfMinusOneMeansNoLimit() throws IOException {
    Path self = write("proc/self/cgroup", "1:cpu:/\n");
    write("fs/cpu/cpu.cfs_quota_us", "-1\n");
    write("fs/cpu/cpu.cfs_period_us", "100000\n");
    write("fs/cpu/cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");

    assertThat(new CgroupCpu(root.resolve("fs"), self).read().orElseThrow().limitCpus()).isNaN();
  }

  @Test
  void noCgroupFilesMeansNoReading() {
    assertThat(new CgroupCpu(root.resolve("fs"), root.resolve("missing")).read()).isEmpty();
  }
}
