package io.poolpilot.sidecar.model;

import static io.poolpilot.sidecar.testing.Spans.request;
import static io.poolpilot.sidecar.testing.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.poolpilot.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteModelTest {

  private static final RouteKey ORDER = new RouteKey("orders", "GET", "/orders/{id}");

  /** On a slot boundary, so the first minute's window is six whole slots once it has passed. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T07:00:00Z"));

  private final RouteModel routes = new RouteModel(clock);

  @Test
  void countsRequestsAndErrorsAndReadsPercentilesFromDurations() {
    for (int i = 0; i < 90; i++) {
      routes.record(request("orders", i, "GET", "/orders/{id}", 10, 200));
    }
    for (int i = 0; i < 10; i++) {
      routes.record(request("orders", 100 + i, "GET", "/orders/{id}", 400, 503));
    }
    routes.record(request("orders", 200, "POST", "/orders", 20, 201));

    List<RouteStats> stats = routes.routes(Optional.of("orders"));

    assertThat(stats)
        .extracting(RouteStats::key)
        .containsExactly(new RouteKey("orders", "POST", "/orders"), ORDER);
    RouteStats order = stats.get(1);
    assertThat(order.count()).isEqualTo(100);
    assertThat(order.errors()).isEqualTo(10);
    assertThat(order.recentCount()).isEqualTo(100);
    assertThat(order.p50Seconds().getAsDouble()).isBetween(0.0091, 0.0101);
    // 400 ms falls in bucket -11 at scale 3, (0.385, 0.420] s.
    assertThat(order.p99Seconds().getAsDouble()).isBetween(0.385, 0.420);
  }

  @Test
  void aSpanWithStatusErrorIsAnError() {
    routes.record(
        span(
            "orders",
            1,
            1,
            0,
            "SERVER",
            5,
            "ERROR",
            Map.of("http.route", "/x", "http.request.method", "GET")));

    assertThat(routes.routes(Optional.empty()).get(0).errors()).isEqualTo(1);
  }

  @Test
  void rateAndPercentilesCoverTheLastMinuteOnly() {
    for (int i = 0; i < 60; i++) {
      routes.record(request("orders", i, "GET", "/orders/{id}", 1000, 200));
    }
    clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 120; i++) {
      routes.record(request("orders", i, "GET", "/orders/{id}", 10, 200));
    }
    clock.advance(Duration.ofSeconds(50));

    RouteStats stats = routes.routes(Optional.empty()).get(0);

    assertThat(stats.count()).isEqualTo(180);
    assertThat(stats.recentCount()).isEqualTo(120);
    // The window is the slots from 60 s to now, 110 s: 120 requests in 50 s.
    assertThat(stats.ratePerSecond()).isCloseTo(2.4, within(1e-9));
    assertThat(stats.p99Seconds().getAsDouble()).isLessThan(0.011);
    assertThat(routes.history(ORDER)).extracting(RouteSample::count).containsExactly(60L, 120L);
  }

  @Test
  void ignoresSpansThatAreNotServerSpansOrHaveNoRoute() {
    routes.record(span("orders", 1, 1, 0, "CLIENT", 5, "UNSET", Map.of("http.route", "/x")));
    routes.record(span("orders", 2, 1, 0, "SERVER", 5));

    assertThat(routes.routes(Optional.empty())).isEmpty();
  }

  @Test
  void marksThePoolsServerSpansRanOn() {
    routes.record(
        span("orders", 1, 1, 0, "SERVER", 5, "UNSET", Map.of("jvm.executor.name", "http-nio-*")));
    routes.record(
        span("orders", 2, 1, 0, "INTERNAL", 5, "UNSET", Map.of("jvm.executor.name", "batch-*")));

    assertThat(routes.requestPools("orders")).containsExactly("http-nio-*");
    assertThat(routes.requestPools("billing")).isEmpty();
  }

  @Test
  void keepsAtMostMaxRoutesAndMakesRoomFromSilentOnes() {
    for (int i = 0; i < RouteModel.MAX_ROUTES + 5; i++) {
      routes.record(request("orders", i, "GET", "/r" + i, 1, 200));
    }
    assertThat(routes.routes(Optional.empty())).hasSize(RouteModel.MAX_ROUTES);
    assertThat(routes.untrackedSpans()).isEqualTo(5);

    clock.advance(Duration.ofMinutes(16));
    routes.record(request("orders", 1, "GET", "/new", 1, 200));

    assertThat(routes.routes(Optional.empty()))
        .hasSize(RouteModel.MAX_ROUTES)
        .extracting(r -> r.key().route())
        .contains("/new");
  }
}
