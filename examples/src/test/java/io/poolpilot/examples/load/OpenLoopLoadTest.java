package io.poolpilot.examples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {

  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/ok",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/busy",
        exchange -> {
          requests.incrementAndGet();
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
  void sendsRateTimesDurationRequestsAndMeasuresThem() throws Exception {
    OpenLoopLoad.Result result = OpenLoopLoad.run(options("/ok", 100, 1));

    assertThat(result.sent()).isEqualTo(100);
    assertThat(result.ok()).isEqualTo(100);
    assertThat(requests.get()).isEqualTo(100);
    assertThat(result.p50Millis()).isPositive().isLessThanOrEqualTo(result.p99Millis());
    assertThat(result.line())
        .startsWith("load[test]: rate=100 duration_s=1 sent=100 ok=100 non_2xx=0 failed=0 p50_ms=");
  }

  @Test
  void countsErrorStatusesApartFromLatencies() throws Exception {
    OpenLoopLoad.Result result = OpenLoopLoad.run(options("/busy", 20, 1));

    assertThat(result.non2xx()).isEqualTo(20);
    assertThat(result.ok()).isZero();
    assertThat(result.p99Millis()).isNaN();
  }

  @Test
  void countsRequestsNobodyAnswersAsFailed() throws Exception {
    int closedPort = server.getAddress().getPort();
    server.stop(0);

    OpenLoopLoad.Result result =
        OpenLoopLoad.run(
            new OpenLoopLoad.Options(
                URI.create("http://127.0.0.1:" + closedPort + "/ok"),
                10,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                ""));

    assertThat(result.failed()).isEqualTo(10);
    assertThat(result.line()).startsWith("load: ");
  }

  @Test
  void rejectsMissingOrMalformedOptions() {
    assertThatThrownBy(() -> OpenLoopLoad.parse(new String[] {"--rate", "5"}))
        .hasMessage("--url is required");
    assertThatThrownBy(
            () -> OpenLoopLoad.parse(new String[] {"--url", "http://x", "--rate", "fast"}))
        .hasMessage("--rate 'fast' is not a number");
    assertThatThrownBy(() -> OpenLoopLoad.parse(new String[] {"--url", "http://x", "--rate", "0"}))
        .hasMessageContaining("rate 0.0 outside");
  }

  private OpenLoopLoad.Options options(String path, double rate, long seconds) {
    return new OpenLoopLoad.Options(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
        rate,
        Duration.ofSeconds(seconds),
        Duration.ofSeconds(5),
        "test");
  }
}
