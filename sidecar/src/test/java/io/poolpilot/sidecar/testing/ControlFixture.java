package io.poolpilot.sidecar.testing;

import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.control.Pins;
import io.poolpilot.sidecar.decision.DecisionLoops;
import io.poolpilot.sidecar.decision.TuningMode;
import io.poolpilot.sidecar.decision.TuningSettings;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.tuning.PoolPilotTuner;
import io.poolpilot.tuning.PoolTuner;
import io.poolpilot.tuning.TunerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A model, decision loops and a control service over a real journal in a test's directory, the way
 * the sidecar wires them (the tuner off unless asked for, so pins alone decide), plus builders for
 * agent reports.
 */
public final class ControlFixture implements AutoCloseable {

  public final PoolModel model;
  public final ProcessModel processes = new ProcessModel();
  public final Journal journal;
  public final DecisionLoops loops;
  public final ControlService control;
  public final List<String> warnings = new ArrayList<>();

  /** Over {@code dataDir}, resuming from what its journal holds, with the tuner off. */
  public ControlFixture(Path dataDir, Clock clock) {
    this(dataDir, clock, new TuningSettings(TuningMode.OFF, Set.of()));
  }

  /** With the real tuner in {@code tuning}'s mode, on the pools it includes. */
  public ControlFixture(Path dataDir, Clock clock, TuningSettings tuning) {
    this(dataDir, clock, tuning, () -> new PoolPilotTuner(TunerConfig.DEFAULTS, clock));
  }

  /** With the tuners {@code tuners} makes, in {@code tuning}'s mode, on the pools it includes. */
  public ControlFixture(
      Path dataDir, Clock clock, TuningSettings tuning, Supplier<PoolTuner> tuners) {
    JournalReplay replay = new JournalReplay();
    try {
      journal = Journal.open(dataDir, replay, warnings::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    model = new PoolModel(clock);
    Pins pins = new Pins(replay.pins());
    loops =
        new DecisionLoops(
            tuning,
            journal,
            clock,
            floor -> tuners.get(),
            2,
            model,
            processes,
            service -> Set.of(),
            pins::of,
            CapacityListener.NONE,
            (service, pool) -> OptionalInt.empty());
    model.onReading(loops::telemetryArrived);
    control = new ControlService(model, journal, clock, pins, loops, replay);
  }

  /** A report from {@code service}/{@code instance} of resizable pools of core 2, max 8. */
  public static AgentReport report(
      String service, String instance, long sequence, long appliedVersion, String... pools) {
    List<ReportedPool> reported = new ArrayList<>();
    for (String pool : pools) {
      reported.add(new ReportedPool(pool, 2, 8, 2, 8, true, Optional.empty()));
    }
    return new AgentReport(
        new AgentIdentity(service, instance, "0.1.0", "tune"),
        sequence,
        appliedVersion,
        "",
        reported,
        List.of());
  }

  @Override
  public void close() {
    try {
      journal.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
