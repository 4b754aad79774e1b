package io.poolpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.poolpilot.agent.bootstrap.PoolProbes;
import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.agent.config.ExportSettings;
import io.poolpilot.agent.pool.PoolRegistry;
import io.poolpilot.agent.pool.PoolResizer;
import io.poolpilot.agent.telemetry.StartHeldScheduler;
import io.poolpilot.agent.transport.SidecarCredentials;
import io.poolpilot.protocol.control.ControlProtocol;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlChannelTest {
  private final List<StartHeldScheduler> timers = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopTimers() {
    timers.forEach(StartHeldScheduler::shutdownNow);
  }

  @Test
  void aServiceNameTooLongForTheProtocolTurnsTheChannelOffSaidOnce() {
    List<String> said = new CopyOnWriteArrayList<>();

    try (ControlChannel channel =
        start(
            // Nothing listens there: a channel that kept running would fail quietly and poll on.
            config(
                "s".repeat(ControlProtocol.MAX_TEXT_LENGTH + 1), URI.create("http://127.0.0.1:9")),
            () -> true,
            said::add)) {

      await().atMost(Duration.ofSeconds(30)).until(() -> !channel.running());
    }
    assertThat(said)
        .singleElement()
        .asString()
        .contains("control channel is off", "serviceName", "expected at most 1024");
  }

  @Test
  void theFirstPollWaitsUntilStartUpIsOver() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    HttpServer sidecar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sidecar.createContext(
        "/",
        exchange -> {
          polls.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    sidecar.start();
    AtomicBoolean startupOver = new AtomicBoolean();
    AtomicInteger asked = new AtomicInteger();
    try (ControlChannel channel =
        start(
            config("orders", URI.create("http://127.0.0.1:" + sidecar.getAddress().getPort())),
            () -> {
              asked.incrementAndGet();
              return startupOver.get();
            },
            text -> {})) {
      await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() >= 2);
      assertThat(polls).hasValue(0);
      assertThat(channel.running()).isTrue();

      startupOver.set(true);
      await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= 1);
    } finally {
      sidecar.stop(0);
    }
  }

  private static AgentConfig config(String serviceName, URI endpoint) {
    return new AgentConfig(
        true,
        serviceName,
        endpoint,
        null,
        Mode.TUNE,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        List.of(),
        new ResizeBounds(1, 64),
        Map.of(),
        ExportSettings.DEFAULT);
  }

  private ControlChannel start(
      AgentConfig config, BooleanSupplier startupOver, Consumer<String> report) {
    StartHeldScheduler timer = StartHeldScheduler.agentTimer(startupOver);
    timers.add(timer);
    PoolRegistry registry = new PoolRegistry(new PoolProbes());
    return ControlChannel.start(
        config,
        new SidecarCredentials(null, "s".repeat(32)),
        "test",
        "id-1",
        registry,
        new PoolResizer(registry, Mode.TUNE, new ResizeBounds(1, 64)),
        timer,
        report);
  }
}
