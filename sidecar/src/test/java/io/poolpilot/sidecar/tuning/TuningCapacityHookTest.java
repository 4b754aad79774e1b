package io.poolpilot.sidecar.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.capacity.PoolDemand;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.AgentReport;
import io.poolpilot.sidecar.model.ApplyResult;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.ReportedPool;
import io.poolpilot.sidecar.model.WaitQuantiles;
import io.poolpilot.sidecar.testing.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.CapacitySignal.Bottleneck;
import io.poolpilot.tuning.Decision;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one hook between tuning and capacity: every decision's demand and signal get through. */
class TuningCapacityHookTest {

  private static final InstanceKey KEY = new InstanceKey("orders", "i-1");

  @TempDir Path dir;

  private final List<PoolDemand> observed = new ArrayList<>();
  private final List<InstanceKey> forgotten = new ArrayList<>();
  private final CapacityListener listener =
      new CapacityListener() {
        @Override
        public void observed(PoolDemand demand) {
          observed.add(demand);
        }

        @Override
        public void forget(InstanceKey instance) {
          forgotten.add(instance);
        }
      };

  @Test
  void passesEachDecidedPoolsDemandAndTheTunersSignal() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    CapacitySignal cpu = CapacitySignal.raise(Bottleneck.CPU, 1.3, "CPU 100% of 4 processors");
    try (Journal journal = Journal.open(dir, new JournalReplay(), warning -> {})) {
      TuningService tuning =
          new TuningService(
              TuningSettings.DEFAULTS,
              journal,
              clock,
              service -> Set.of("http"),
              () -> observation -> Decision.hold(4, 4, cpu, "CPU saturated"),
              4,
              listener);

      tuning.run(agent(), List.of(snapshot()), Map.of());
      tuning.forget(KEY);
    }

    assertThat(observed).hasSize(1);
    PoolDemand demand = observed.get(0);
    assertThat(demand.service()).isEqualTo("orders");
    assertThat(demand.instance()).isEqualTo("i-1");
    assertThat(demand.pool()).isEqualTo("http");
    assertThat(demand.arrivalsPerSecond()).isEqualTo(100);
    assertThat(demand.busyThreads()).isEqualTo(4);
    assertThat(demand.maxSize()).isEqualTo(4);
    assertThat(demand.availableProcessors()).isEqualTo(4);
    assertThat(demand.signal()).isEqualTo(cpu);
    assertThat(forgotten).containsExactly(KEY);
  }

  private static PoolSnapshot snapshot() {
    long at = 2_000_000_000L;
    return new PoolSnapshot(
        new PoolKey("orders", "i-1", "http"),
        at,
        OptionalLong.of(4),
        OptionalLong.of(4),
        OptionalLong.of(4),
        OptionalLong.of(0),
        OptionalLong.of(0),
        OptionalLong.empty(),
        OptionalDouble.of(1.0),
        OptionalLong.of(200),
        OptionalLong.of(0),
        OptionalDouble.of(100),
        OptionalDouble.of(0),
        new WaitQuantiles(100, OptionalDouble.of(0.3), OptionalDouble.of(0.6)),
        io.poolpilot.sidecar.model.RunTimes.NONE);
  }

  private static AgentReport agent() {
    return new AgentReport(
        KEY,
        "0.1.0",
        "tune",
        1,
        0,
        "",
        List.of(new ReportedPool("http", 4, 4, 4, 4, true, Optional.empty())),
        List.<ApplyResult>of());
  }
}
