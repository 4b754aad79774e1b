package io.poolpilot.sidecar.decision;

import static io.poolpilot.sidecar.decision.PoolPressure.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.capacity.CapacityListener;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.journal.JournalReplay;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolModel;
import io.poolpilot.sidecar.model.ProcessModel;
import io.poolpilot.sidecar.model.ProcessReport;
import io.poolpilot.sidecar.node.NodeBudget;
import io.poolpilot.sidecar.node.NodeSettings;
import io.poolpilot.sidecar.node.ServiceSpec;
import io.poolpilot.testsupport.MutableClock;
import io.poolpilot.tuning.CapacitySignal;
import io.poolpilot.tuning.Decision;
import io.poolpilot.tuning.node.ServiceClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node budget wired to the decision loops as the sidecar wires them: a critical front service
 * and a batch hashing service on one 2-processor node, fed through the model.
 */
class NodeBudgetCapsTest {

  private static final InstanceKey FRONT = new InstanceKey("front", "f-1");
  private static final InstanceKey HASH = new InstanceKey("hash", "h-1");
  private static final String FRONT_POOL = "front-pool";
  private static final String WORKERS = "hash-workers";
  private static final NodeSettings DECLARED =
      new NodeSettings(
          Map.of(
              "front", new ServiceSpec(ServiceClass.CRITICAL, 1, Duration.ofMillis(50)),
              "hash", new ServiceSpec(ServiceClass.BATCH, 1, Duration.ofMillis(50))));

  @TempDir Path dataDir;

  private final MutableClock clock = new MutableClock();
  private final PoolModel model = new PoolModel(clock);
  private final ProcessModel processes = new ProcessModel();
  private final Map<String, Map<String, PoolSizes>> pins = new HashMap<>();
  private final Map<PoolKey, PoolPressure> pressure = new HashMap<>();
  private Journal journal;
  private DecisionLoops loops;
  private NodeBudget budget;
  private long exportTime = SECOND;

  @BeforeEach
  void start() throws IOException {
    journal = Journal.open(dataDir, new JournalReplay(), warning -> {});
  }

  @AfterEach
  void closeJournal() throws IOException {
    journal.close();
  }

  private void wire(NodeSettings settings) {
    wire(settings, Set.of(FRONT_POOL, WORKERS), Set.of());
  }

  private void wire(NodeSettings settings, Set<String> serving, Set<String> include) {
    AtomicReference<DecisionLoops> ref = new AtomicReference<>();
    budget =
        new NodeBudget(
            settings,
            journal,
            clock,
            2,
            model,
            processes,
            () -> ref.get().agents(),
            service -> serving,
            include,
            service -> ref.get().capsChanged(service));
    loops =
        new DecisionLoops(
            TuningSettings.DEFAULTS,
            journal,
            clock,
            floor ->
                observation ->
                    new Decision(Decision.Action.GROW, 40, 40, CapacitySignal.NONE, "grew to 40"),
            2,
            model,
            processes,
            service -> serving,
            service -> Map.copyOf(pins.getOrDefault(service, Map.of())),
            CapacityListener.NONE,
            budget::cap);
    ref.set(loops);
    model.onReading(loops::telemetryArrived);
    loops.agentReported(report(FRONT, FRONT_POOL, 4));
    loops.agentReported(report(HASH, WORKERS, 64));
  }

  @Test
  void capsTheWorkerPoolAndNotTheRequestPoolThatOnlyWaitsForIt() {
    wire(DECLARED, Set.of(FRONT_POOL, "hash-http"), Set.of(WORKERS));
    loops.agentReported(
        new AgentReport(
            new AgentIdentity("hash", "h-1", "0.1.0", "tune"),
            2,
            0,
            "",
            List.of(
                new ReportedPool("hash-http", 200, 200, 200, 200, true, Optional.empty()),
                new ReportedPool(WORKERS, 64, 64, 64, 64, true, Optional.empty())),
            List.of()));

    periods(5, 0.9, 0.05, 0.98);

    assertThat(budget.cap("hash", WORKERS)).hasValue(2);
    assertThat(budget.cap("hash", "hash-http")).isEmpty();
    assertThat(loops.desired(HASH))
        .contains(new DesiredPool(WORKERS, 2, 2))
        .doesNotContain(new DesiredPool("hash-http", 2, 2));
  }

  @Test
  void capsTheBatchServiceFromMeasuredDemandAndTheCapWinsOverTheTuner() {
    wire(DECLARED);

    // Hashing takes 1.8 of 2 processors at 100 tasks/s; the front's tasks wait 600 ms.
    periods(5, 0.9, 0.05, 0.98);

    assertThat(loops.desired(HASH)).containsExactly(new DesiredPool(WORKERS, 2, 2));
    assertThat(loops.desired(FRONT)).containsExactly(new DesiredPool(FRONT_POOL, 40, 40));
    JournalEntry.NodeCapped capped = nodeEntries().get(0);
    assertThat(capped.service()).isEqualTo("hash");
    assertThat(capped.cap()).isEqualTo(2);
    assertThat(capped.previous()).isEqualTo(-1);
    assertThat(capped.cappedFor()).containsExactly("front");
    assertThat(capped.processors()).isEqualTo(2);
    assertThat(capped.needCores()).isCloseTo(1.8, within(0.01));
    assertThat(capped.reason())
        .startsWith("capped hash (batch) to 2 threads a pool for front")
        .contains("(2 on the node)");
    assertThat(budget.note("hash"))
        .contains("capped by the node budget to 2 threads a pool for front");
    assertThat(budget.note("front")).isEmpty();
  }

  @Test
  void aPinWinsOverTheCap() {
    wire(DECLARED);
    pins.put("hash", Map.of(WORKERS, new PoolSizes(8, 8)));
    loops.pinsChanged("hash");

    periods(5, 0.9, 0.05, 0.98);

    assertThat(budget.cap("hash", WORKERS)).hasValue(2);
    assertThat(loops.desired(HASH)).containsExactly(new DesiredPool(WORKERS, 8, 8));
  }

  @Test
  void liftsTheCapOnceTheNodeHasHadRoomForFivePeriodsAndJournalsBoth() {
    wire(DECLARED);
    periods(3, 0.9, 0.05, 0.98);
    assertThat(loops.desired(HASH)).containsExactly(new DesiredPool(WORKERS, 2, 2));

    // Hashing falls to 0.2 processors: still capped for four periods, lifted by the sixth.
    periods(4, 0.1, 0.05, 0.2);
    assertThat(budget.cap("hash", WORKERS)).isPresent();
    periods(2, 0.1, 0.05, 0.2);

    assertThat(budget.cap("hash", WORKERS)).isEmpty();
    assertThat(loops.desired(HASH)).containsExactly(new DesiredPool(WORKERS, 40, 40));
    List<JournalEntry.NodeCapped> entries = nodeEntries();
    // In between the cap may loosen as hashing's share outgrows it; it is lifted only at the end.
    assertThat(entries).extracting(JournalEntry.NodeCapped::cap).startsWith(2).endsWith(-1);
    assertThat(entries.get(entries.size() - 1).reason())
        .startsWith("lifted hash's cap of ")
        .contains("the services claim 0.35 of 1.90 processors available");
  }

  @Test
  void capsNobodyWhenNoServiceIsDeclared() {
    wire(NodeSettings.DEFAULTS);

    periods(5, 0.9, 0.05, 0.98);

    assertThat(nodeEntries()).isEmpty();
    assertThat(loops.desired(HASH)).containsExactly(new DesiredPool(WORKERS, 40, 40));
    assertThat(budget.history()).isNotEmpty();
    assertThat(budget.history().get(budget.history().size() - 1).services())
        .extracting(s -> s.serviceClass())
        .containsOnly("standard");
  }

  /**
   * {@code count} periods: every pool exports a second of pressure, each process its CPU (of 2
   * processors) and the machine's, then the loops and the budget run as the timer runs them.
   */
  private void periods(int count, double hashCpu, double frontCpu, double machine) {
    for (int i = 0; i < count; i++) {
      exportTime += SECOND;
      export(FRONT, FRONT_POOL, 4);
      export(HASH, WORKERS, 64);
      process(FRONT, frontCpu, machine);
      process(HASH, hashCpu, machine);
      clock.advance(Duration.ofSeconds(1));
      loops.runDue();
      budget.runDue();
    }
  }

  private void export(InstanceKey key, String pool, int size) {
    PoolKey poolKey = new PoolKey(key.service(), key.instance(), pool);
    model.record(pressure.computeIfAbsent(poolKey, PoolPressure::new).export(exportTime, size));
  }

  private void process(InstanceKey key, double cpu, double machine) {
    processes.record(
        new ProcessReport(
            key,
            exportTime,
            OptionalDouble.of(cpu),
            OptionalDouble.of(2),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            OptionalDouble.of(machine)));
  }

  private static AgentReport report(InstanceKey key, String pool, int size) {
    return new AgentReport(
        new AgentIdentity(key.service(), key.instance(), "0.1.0", "tune"),
        1,
        0,
        "",
        List.of(new ReportedPool(pool, size, size, size, size, true, Optional.empty())),
        List.of());
  }

  private List<JournalEntry.NodeCapped> nodeEntries() {
    List<JournalEntry.NodeCapped> entries = new ArrayList<>();
    List<JournalEntry> recent = journal.recent(Journal.RECENT_ENTRIES);
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i) instanceof JournalEntry.NodeCapped entry) {
        entries.add(entry);
      }
    }
    return entries;
  }
}
