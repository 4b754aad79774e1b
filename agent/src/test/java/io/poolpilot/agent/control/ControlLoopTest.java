package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.bootstrap.BootstrapTestAccess;
import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.agent.bootstrap.PoolProbes;
import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.protocol.control.AgentIdentity;
import io.poolpilot.protocol.control.ControlProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlLoopTest {
  private static final ConstructionSite SITE = ConstructionSite.of("com.acme.Orders", "init", 3);
  private static final Duration EXPIRY = Duration.ofMinutes(10);

  private final PoolProbes probes = new PoolProbes();
  private final PoolRegistry registry = new PoolRegistry(probes);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ScriptedSidecar sidecar = new ScriptedSidecar();
  private final List<String> said = new ArrayList<>();
  private final List<ThreadPoolExecutor> made = new ArrayList<>();

  /** Answers from a script; once the script is used up, the sidecar is unreachable. */
  private static final class ScriptedSidecar implements ControlTransport {
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> received = new ArrayList<>();

    @Override
    public byte[] exchange(byte[] agentMessage) throws IOException {
      received.add(new String(agentMessage, StandardCharsets.UTF_8));
      if (answers.isEmpty()) {
        throw new IOException("connection refused");
      }
      return answers.poll().getBytes(StandardCharsets.UTF_8);
    }
  }

  @AfterEach
  void shutDown() {
    made.forEach(ThreadPoolExecutor::shutdownNow);
  }

  private ControlLoop loop(Mode mode) {
    return new ControlLoop(
        new AgentIdentity("orders", "id-1", "test", mode.name().toLowerCase()),
        registry,
        new PoolResizer(registry, mode, new ResizeBounds(1, 64)),
        sidecar,
        new ControlBackoff(() -> 0.5),
        now::get,
        EXPIRY,
        said::add);
  }

  private ThreadPoolExecutor pool(String thread, int core, int max) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(core, max, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10));
    made.add(pool);
    BootstrapTestAccess.namedProbe(probes, pool, SITE, thread);
    return pool;
  }

  /** A pool whose sizes cannot be read while {@code broken} is set. */
  private static final class BrokenPool extends ThreadPoolExecutor {
    volatile boolean broken;

    BrokenPool(int core, int max) {
      super(core, max, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10));
    }

    @Override
    public int getCorePoolSize() {
      if (broken) {
        throw new IllegalStateException("this pool is broken");
      }
      return super.getCorePoolSize();
    }
  }

  private BrokenPool brokenPool(String thread, int core, int max) {
    BrokenPool pool = new BrokenPool(core, max);
    made.add(pool);
    BootstrapTestAccess.namedProbe(probes, pool, SITE, thread);
    return pool;
  }

  private static String state(long version, String desired) {
    return "{\"protocol\":1,\"version\":"
        + version
        + ",\"hash\":\"h"
        + version
        + "\",\"desired\":["
        + desired
        + "],\"pollInterval\":\"1s\"}";
  }

  private static String orders(int core, int max) {
    return "{\"pool\":\"orders-*\",\"core\":" + core + ",\"max\":" + max + "}";
  }

  @Test
  void appliesANewerDesiredStateAndReportsWhatItDid() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(10, orders(5, 12)));
    sidecar.answers.add(state(10, orders(5, 12)));

    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(orders.getCorePoolSize()).isEqualTo(5);
    assertThat(orders.getMaximumPoolSize()).isEqualTo(12);

    loop.pollOnce();
    String second = sidecar.received.get(1);
    assertThat(second).contains("\"appliedVersion\":10").contains("\"appliedHash\":\"h10\"");
    assertThat(second)
        .contains("\"results\":[{\"pool\":\"orders-*\",\"applied\":true,\"core\":5,\"max\":12");
    assertThat(second).contains("\"originalCore\":2,\"originalMax\":8");
  }

  @Test
  void neverAppliesAnOlderOrRepeatedVersion() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(20, orders(6, 8)));
    sidecar.answers.add(state(19, orders(3, 8)));
    sidecar.answers.add(state(20, orders(4, 8)));

    loop.pollOnce();
    loop.pollOnce();
    loop.pollOnce();

    assertThat(orders.getCorePoolSize()).isEqualTo(6);
    assertThat(loop.appliedVersion()).isEqualTo(20);
  }

  @Test
  void aPoolLeftOutOfTheDesiredStateGetsItsOwnSizesBack() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(6, 8)));
    sidecar.answers.add(state(2, ""));

    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(6);
    loop.pollOnce();

    assertThat(orders.getCorePoolSize()).isEqualTo(2);
    assertThat(orders.getMaximumPoolSize()).isEqualTo(8);
  }

  @Test
  void sizesAPoolThatAppearsAfterItsStateArrived() throws Exception {
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(6, 8)));
    sidecar.answers.add(state(1, orders(6, 8)));

    loop.pollOnce();
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    loop.pollOnce();

    assertThat(orders.getCorePoolSize()).isEqualTo(6);
  }

  @Test
  void anUnreachableOrGarbledSidecarChangesNothingAndBacksOff() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(6, 8)));
    sidecar.answers.add("<html>502 bad gateway</html>");

    loop.pollOnce();
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(4));

    assertThat(orders.getCorePoolSize()).isEqualTo(6);
    assertThat(said).hasSize(1);
    assertThat(said.get(0)).contains("control channel failed").contains("keep their sizes");
  }

  @Test
  void afterTheExpiryEveryPoolGetsItsOwnSizesBackSaidOnce() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(5, orders(6, 8)));
    loop.pollOnce();

    now.addAndGet(EXPIRY.toMillis() - 1);
    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(6);

    now.addAndGet(2);
    loop.pollOnce();
    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(2);
    assertThat(said).filteredOn(line -> line.contains("back to the sizes")).hasSize(1);

    // When the sidecar returns, its current state applies again, even at the same version.
    sidecar.answers.add(state(5, orders(6, 8)));
    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(6);
    assertThat(said).anyMatch(line -> line.contains("answers again"));
  }

  /**
   * The sidecar's own records never build such a state, and the resizer could not be asked for it
   * (it takes {@code PoolSizes}); it used to clamp a max below core up to core. Now the whole
   * answer is garbage, like broken JSON: no pool changes, not even the valid entry's, and the loop
   * backs off as for an unreachable sidecar, said once.
   */
  @Test
  void anAnswerAskingForSizesNoPoolCanHaveChangesNothingAndBacksOff() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ThreadPoolExecutor billing = pool("billing-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    String billingFine = "{\"pool\":\"billing-*\",\"core\":4,\"max\":8}";
    sidecar.answers.add(state(1, billingFine + "," + orders(6, 3)));
    sidecar.answers.add(state(2, billingFine + "," + orders(0, 4)));

    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(2));

    assertThat(orders.getCorePoolSize()).isEqualTo(2);
    assertThat(orders.getMaximumPoolSize()).isEqualTo(8);
    assertThat(billing.getCorePoolSize()).isEqualTo(2);
    assertThat(loop.appliedVersion()).isZero();
    assertThat(said).hasSize(1);
    assertThat(said.get(0)).contains("max 3 is below core 6").contains("keep their sizes");
  }

  @Test
  void aPoolWhoseNameIsTooLongForTheProtocolIsLeftOutSaidOnce() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    pool("x".repeat(ControlProtocol.MAX_TEXT_LENGTH) + "-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(5, 12)));
    sidecar.answers.add(state(1, orders(5, 12)));

    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(1));

    assertThat(orders.getCorePoolSize()).isEqualTo(5);
    assertThat(sidecar.received)
        .hasSize(2)
        .allSatisfy(
            message -> assertThat(message).contains("\"orders-*\"").doesNotContain("xxxxxxxx"));
    assertThat(said)
        .singleElement()
        .asString()
        .contains("left out", "1026 characters long, expected at most 1024")
        .hasSizeLessThan(400);
  }

  @Test
  void aPoolThatCannotBeReadIsLeftOutAndTheExpiryStillRestoresTheOthers() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(6, 8)));
    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(6);

    brokenPool("billing-1", 2, 8).broken = true;
    loop.pollOnce();
    now.addAndGet(EXPIRY.toMillis());
    loop.pollOnce();

    assertThat(orders.getCorePoolSize()).isEqualTo(2);
    assertThat(sidecar.received).allSatisfy(m -> assertThat(m).doesNotContain("billing"));
    assertThat(said)
        .filteredOn(line -> line.contains("left out"))
        .singleElement()
        .asString()
        .contains("'billing-*'", "this pool is broken");
    assertThat(said).anyMatch(line -> line.contains("back to the sizes"));
  }

  @Test
  void aFailureOnTheAgentsSideIsAFailedPollSaidOnceNotTheEndOfTheLoop() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    ControlLoop broken =
        new ControlLoop(
            new AgentIdentity("orders", "id-1", "test", "tune"),
            registry,
            new PoolResizer(registry, Mode.TUNE, new ResizeBounds(1, 64)),
            message -> {
              throw new IllegalStateException("a bug in the transport");
            },
            new ControlBackoff(() -> 0.5),
            now::get,
            EXPIRY,
            said::add);
    sidecar.answers.add(state(1, orders(6, 8)));
    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(6);

    assertThat(broken.pollOnce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(broken.pollOnce()).isEqualTo(Duration.ofSeconds(2));
    now.addAndGet(EXPIRY.toMillis());
    broken.pollOnce();

    assertThat(said)
        .filteredOn(line -> line.contains("could not exchange messages"))
        .singleElement()
        .asString()
        .contains("a bug in the transport", "retrying with back-off");
    assertThat(orders.getCorePoolSize()).as("the expiry restore still runs").isEqualTo(2);
  }

  @Test
  void aRestoreThatFailsIsSaidOnceAndTriedAgainOnTheNextFailedPoll() throws Exception {
    BrokenPool orders = brokenPool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(6, 8)));
    loop.pollOnce();
    assertThat(orders.getMaximumPoolSize()).isEqualTo(8);
    assertThat(orders.getQueue()).isEmpty();

    orders.broken = true;
    now.addAndGet(EXPIRY.toMillis());
    loop.pollOnce();
    loop.pollOnce();
    assertThat(said)
        .filteredOn(line -> line.contains("could not give the pools their own sizes back"))
        .hasSize(1);

    orders.broken = false;
    loop.pollOnce();
    assertThat(orders.getCorePoolSize()).isEqualTo(2);
    assertThat(said).anyMatch(line -> line.contains("back to the sizes"));
  }

  @Test
  void observeModeAppliesNothingAndSaysWhy() throws Exception {
    ThreadPoolExecutor orders = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.OBSERVE);
    sidecar.answers.add(state(1, orders(6, 8)));
    sidecar.answers.add(state(1, orders(6, 8)));

    loop.pollOnce();
    loop.pollOnce();

    assertThat(orders.getCorePoolSize()).isEqualTo(2);
    assertThat(sidecar.received.get(1))
        .contains("\"mode\":\"observe\"")
        .contains("\"applied\":false")
        .contains("observe mode")
        .contains("\"resizable\":false");
  }

  @Test
  void clampsThePollIntervalTheSidecarAsksFor() throws Exception {
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add("{\"version\":1,\"desired\":[],\"pollInterval\":\"600s\"}");
    sidecar.answers.add("{\"version\":2,\"desired\":[],\"pollInterval\":\"100ms\"}");

    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(60));
    assertThat(loop.pollOnce()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aPoolRebuiltUnderTheSameNameGetsTheDesiredSizesAgain() throws Exception {
    ThreadPoolExecutor first = pool("orders-1", 2, 8);
    ControlLoop loop = loop(Mode.TUNE);
    sidecar.answers.add(state(1, orders(6, 8)));
    sidecar.answers.add(state(1, orders(6, 8)));
    sidecar.answers.add(state(1, orders(6, 8)));
    loop.pollOnce();
    assertThat(first.getCorePoolSize()).isEqualTo(6);

    first.shutdownNow();
    assertThat(first.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    ThreadPoolExecutor rebuilt = pool("orders-1", 2, 8);
    loop.pollOnce();
    assertThat(rebuilt.getCorePoolSize()).isEqualTo(6);

    // A change the application then makes itself is not fought on every poll.
    rebuilt.setCorePoolSize(3);
    loop.pollOnce();
    assertThat(rebuilt.getCorePoolSize()).isEqualTo(3);
  }
}
