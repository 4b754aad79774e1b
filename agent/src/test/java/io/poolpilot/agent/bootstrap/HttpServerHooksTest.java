package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerHooksTest {
  private final RecordingBackend backend = new RecordingBackend();

  @BeforeEach
  void install() {
    Tracing.reset();
    Tracing.install(backend);
  }

  @AfterEach
  void reset() {
    assertThat(HttpServerHooks.active()).as("a test left a span on the thread").isNull();
    Tracing.reset();
  }

  @Test
  void onlyTheOutermostCallOnAThreadStartsASpan() {
    ServerSpan outer = HttpServerHooks.start(request("/a"));
    ServerSpan nested = HttpServerHooks.start(request("/a"));

    assertThat(outer).isNotNull();
    assertThat(nested).isNull();
    assertThat(HttpServerHooks.active()).isSameAs(outer);

    HttpServerHooks.end(nested, 200, null);
    HttpServerHooks.end(outer, 200, null);
    assertThat(backend.ended).containsExactly("/a 200");
    assertThat(HttpServerHooks.active()).isNull();
    assertThat(backend.openScopes).isZero();
    ServerSpan next = HttpServerHooks.start(request("/b"));
    assertThat(next).as("a new request may start").isNotNull();
    HttpServerHooks.end(next, 200, null);
  }

  @Test
  void endingTwiceRecordsTheRequestOnce() {
    ServerSpan span = HttpServerHooks.startDetached(request("/async"));
    HttpServerHooks.end(span, 200, null);
    HttpServerHooks.end(span, 500, null);
    assertThat(backend.ended).containsExactly("/async 200");
  }

  @Test
  void aDetachedSpanIsActiveOnlyWhileAttached() {
    ServerSpan span = HttpServerHooks.startDetached(request("/async"));
    assertThat(HttpServerHooks.active()).isNull();

    Object attachment = HttpServerHooks.attach(span);
    assertThat(HttpServerHooks.active()).isSameAs(span);
    assertThat(backend.openScopes).isEqualTo(1);

    HttpServerHooks.detach(attachment);
    assertThat(HttpServerHooks.active()).isNull();
    assertThat(backend.openScopes).isZero();
  }

  @Test
  void theRouteSetLaterReachesTheBackend() {
    ServerSpan span = HttpServerHooks.start(request("/owners/7"));
    span.route("/owners/{id}");
    span.route(null);
    HttpServerHooks.end(span, 200, null);
    assertThat(backend.routes).containsExactly("/owners/{id}");
  }

  @Test
  void nothingHappensWhileTracingIsOff() {
    Tracing.reset();
    assertThat(HttpServerHooks.start(request("/a"))).isNull();
    assertThat(HttpServerHooks.startDetached(request("/a"))).isNull();
    assertThat(MethodSpanHooks.enter("a.B", "c")).isNull();
    assertThat(ClientHooks.traceparent()).isNull();
  }

  @Test
  void aFailingBackendTurnsTracingOffAndTheCallerSeesNothing() {
    backend.failStarts = true;
    assertThat(HttpServerHooks.start(request("/a"))).isNull();
    assertThat(Tracing.backend()).isNull();

    backend.failStarts = false;
    Tracing.install(backend);
    assertThat(Tracing.backend()).as("stays off after a failure").isNull();
    assertThat(HttpServerHooks.active()).isNull();
  }

  private static ServerRequest request(String path) {
    ServerRequest r = new ServerRequest();
    r.method = "GET";
    r.path = path;
    return r;
  }

  /** Records what the hooks ask of the backend. */
  static final class RecordingBackend implements TracingBackend {
    final List<String> ended = new ArrayList<>();
    final List<String> routes = new ArrayList<>();
    int openScopes;
    boolean failStarts;

    @Override
    public Object currentContext() {
      return null;
    }

    @Override
    public AutoCloseable attach(Object context) {
      return scope();
    }

    @Override
    public Object startServerSpan(ServerRequest request, WorkerTimings worker) {
      if (failStarts) {
        throw new IllegalStateException("broken backend");
      }
      return request.path;
    }

    @Override
    public AutoCloseable makeCurrent(Object serverSpan) {
      return scope();
    }

    private AutoCloseable scope() {
      openScopes++;
      return () -> openScopes--;
    }

    @Override
    public void endServerSpan(Object serverSpan, ServerRequest request, int status, Throwable e) {
      ended.add(serverSpan + " " + status);
      if (request.route != null) {
        routes.add(request.route);
      }
    }

    @Override
    public Object startMethodSpan(String className, String methodName) {
      return className + "." + methodName;
    }

    @Override
    public void endMethodSpan(Object methodSpan, Throwable error) {}

    @Override
    public String traceparent() {
      return null;
    }

    @Override
    public String tracestate() {
      return null;
    }
  }
}
