package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generators against a real JDK HttpServer in this JVM. */
class LoadGeneratorsTest {
  private HttpServer server;
  private ExecutorService pool;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/orders",
        exchange -> {
          byte[] body = "{\"ok\":true}".getBytes();
          int status = exchange.getRequestURI().getQuery().endsWith("7") ? 500 : 200;
          served.incrementAndGet();
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    pool.shutdownNow();
  }

  @Test
  void fixedRateSendsRateTimesDurationAndCountsNon2xxAsFailed() throws Exception {
    FixedRateLoad.Result result;
    try (FixedRateLoad load = new FixedRateLoad(port(), orders(), 4)) {
      result = load.run(256, 0.5);
    }

    assertThat(result.sent()).isEqualTo(128);
    assertThat(served.get()).isEqualTo(128);
    // One customer in ten ends in 7 (the order mix rotates 1000..1127): those answer 500.
    long sevens =
        java.util.stream.LongStream.range(0, 128).filter(n -> (1_000 + n) % 10 == 7).count();
    assertThat(result.failed()).isEqualTo(sevens);
    assertThat(result.ok()).isEqualTo(128 - sevens);
    assertThat(result.latency().getTotalCount()).isEqualTo(128);
    assertThat(result.lag().getTotalCount()).isEqualTo(128);
    assertThat(result.valid()).isFalse();
    assertThat(result.seconds()).isBetween(0.45, 30.0);
  }

  @Test
  void saturationCountsOnlyAnswersWithinTheRun() throws Exception {
    SaturationLoad.Result result;
    try (SaturationLoad load = new SaturationLoad(port(), orders(), 4)) {
      result = load.run(1.5);
    }

    assertThat(result.ok()).isPositive();
    assertThat(result.ok() + result.failed()).isLessThanOrEqualTo(served.get());
    assertThat(result.perSecond()).isEqualTo(result.ok() / 1.5);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private RequestMix orders() {
    return AppUnderTest.orderService("").requests(port());
  }
}
