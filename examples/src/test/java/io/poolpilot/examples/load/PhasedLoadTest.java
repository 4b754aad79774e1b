package io.poolpilot.examples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.poolpilot.examples.load.PhasedLoad.Outcome;
import io.poolpilot.examples.load.PhasedLoad.Phase;
import io.poolpilot.examples.load.PhasedLoad.Stream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PhasedLoadTest {

  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/ok",
        exchange -> {
          ok.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/busy",
        exchange -> {
          busy.incrementAndGet();
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void eachPhaseSendsItsStreamsAtTheirRatesAndKeepsItsOwnOutcome() throws Exception {
    PhasedLoad load =
        new PhasedLoad(
            List.of(
                new Phase("quiet", Duration.ofSeconds(1), List.of(stream("x", "/ok", 20))),
                new Phase(
                    "mixed",
                    Duration.ofSeconds(1),
                    List.of(stream("x", "/ok", 50), stream("y", "/busy", 10)))),
            Duration.ofSeconds(5));
    List<Integer> started = new ArrayList<>();

    load.run(started::add);

    assertThat(started).containsExactly(0, 1);
    assertThat(load.currentPhase()).isEqualTo(2);
    Outcome quiet = load.outcome("quiet", "x");
    assertThat(quiet.sent()).isEqualTo(20);
    assertThat(quiet.ok()).isEqualTo(20);
    assertThat(quiet.p50Millis()).isPositive().isLessThanOrEqualTo(quiet.p99Millis());
    assertThat(load.outcome("mixed", "x").ok()).isEqualTo(50);
    Outcome errors = load.outcome("mixed", "y");
    assertThat(errors.non2xx()).isEqualTo(10);
    assertThat(errors.p99Millis()).isNaN();
    assertThat(ok.get()).isEqualTo(70);
    assertThat(busy.get()).isEqualTo(10);
    assertThat(load.inFlight()).isZero();
    assertThat(quiet.line()).startsWith("load[quiet/x]: sent=20 ok=20 non_2xx=0 failed=0 p50_ms=");
  }

  @Test
  void intervalReportsWhatAnsweredSinceTheLastCall() throws Exception {
    PhasedLoad load =
        new PhasedLoad(
            List.of(new Phase("only", Duration.ofSeconds(1), List.of(stream("x", "/ok", 30)))),
            Duration.ofSeconds(5));
    load.run(p -> {});

    Map<String, Outcome> first = load.interval();
    Map<String, Outcome> second = load.interval();

    assertThat(first.get("x").ok()).isEqualTo(30);
    assertThat(first.get("x").sent()).isEqualTo(30);
    assertThat(second.get("x").ok()).isZero();
    assertThat(second.get("x").sent()).isZero();
  }

  @Test
  void countsRequestsNobodyAnswersAsFailed() throws Exception {
    int closedPort = server.getAddress().getPort();
    server.stop(0);
    PhasedLoad load =
        new PhasedLoad(
            List.of(
                new Phase(
                    "down",
                    Duration.ofSeconds(1),
                    List.of(
                        new Stream(
                            "x", URI.create("http://127.0.0.1:" + closedPort + "/ok"), 10)))),
            Duration.ofSeconds(2));

    load.run(p -> {});

    assertThat(load.outcome("down", "x").failed()).isEqualTo(10);
  }

  @Test
  void parsesPhasesAndRejectsMalformedOnes() {
    Phase phase = PhasedLoad.parsePhase("surge:20:a=http://h:1/x?y=1@70,b=http://h:2/q@30");

    assertThat(phase.name()).isEqualTo("surge");
    assertThat(phase.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(phase.streams())
        .containsExactly(
            new Stream("a", URI.create("http://h:1/x?y=1"), 70),
            new Stream("b", URI.create("http://h:2/q"), 30));
    assertThatThrownBy(() -> PhasedLoad.parsePhase("steady:30"))
        .hasMessageContaining("is not NAME:SECONDS:TARGET=URL@RATE");
    assertThatThrownBy(() -> PhasedLoad.parsePhase("steady:soon:a=http://h@1"))
        .hasMessageContaining("seconds?");
    assertThatThrownBy(() -> PhasedLoad.parsePhase("steady:3:a=http://h@fast"))
        .hasMessageContaining("rate 'fast' is not a number");
    assertThatThrownBy(() -> PhasedLoad.parsePhase("steady:0:a=http://h@1"))
        .hasMessageContaining("duration must be positive");
  }

  private Stream stream(String target, String path, double rate) {
    return new Stream(
        target, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), rate);
  }
}
