package io.poolpilot.sidecar.testing;

import io.poolpilot.sidecar.control.ControlService;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.AgentReport;
import io.poolpilot.sidecar.model.ApplyResult;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ReportedPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model and a control service over a real journal in a test's directory, the way the sidecar
 * wires them, plus builders for agent messages.
 */
public final class ControlFixture implements AutoCloseable {

  public final PoolModel model;
  public final Journal journal;
  public final ControlService control;
  public final List<String> warnings = new ArrayList<>();

  public ControlFixture(Path dataDir, Clock clock) {
    JournalReplay replay = new JournalReplay();
    try {
      journal = Journal.open(dataDir, replay, warnings::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    model = new PoolModel(clock);
    control = new ControlService(model, journal, clock, replay);
  }

  /** A message from {@code service}/{@code instance} reporting resizable pools of core 2, max 8. */
  public static AgentReport report(
      String service, String instance, long sequence, long appliedVersion, String... pools) {
    List<ReportedPool> reported = new ArrayList<>();
    for (String pool : pools) {
      reported.add(new ReportedPool(pool, 2, 8, 2, 8, true, Optional.empty()));
    }
    return new AgentReport(
        new InstanceKey(service, instance),
        "0.1.0",
        "tune",
        sequence,
        appliedVersion,
        "",
        reported,
        List.<ApplyResult>of());
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
