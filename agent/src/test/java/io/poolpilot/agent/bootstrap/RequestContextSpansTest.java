package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestContextSpansTest {
  private final RecordingBackend backend = new RecordingBackend();
  private final Object context = new Object();

  @BeforeEach
  void installBackend() {
    Tracing.install(backend);
  }

  @AfterEach
  void removeBackend() {
    RequestContextSpans.end(context, -1, null);
    Tracing.install(null);
  }

  @Test
  void theSpanIsCurrentOnlyWhileItsContextDispatches() {
    RequestContextSpans.start(context, request());
    ServerSpan span = RequestContextSpans.find(context);
    assertThat(HttpServerHooks.active()).isNull();

    RequestContextSpans.enter(context);
    assertThat(HttpServerHooks.active()).isSameAs(span);
    assertThat(backend.open).isEqualTo(1);
    RequestContextSpans.exit(context);

    assertThat(HttpServerHooks.active()).isNull();
    assertThat(backend.open).isZero();
  }

  @Test
  void anotherContextsDispatchLeavesTheSpanAlone() {
    Object other = new Object();
    RequestContextSpans.start(context, request());

    RequestContextSpans.enter(other);
    assertThat(HttpServerHooks.active()).isNull();
    RequestContextSpans.exit(other);
    RequestContextSpans.enter(context);
    RequestContextSpans.exit(other);
    assertThat(HttpServerHooks.active()).isNotNull();
    RequestContextSpans.exit(context);
    assertThat(HttpServerHooks.active()).isNull();
  }

  @Test
  void endsOnceWithTheStatusAndTheRecordedFailure() {
    RequestContextSpans.start(context, request());
    IllegalStateException failure = new IllegalStateException("boom");
    RequestContextSpans.failed(context, failure);

    RequestContextSpans.end(context, 500, null);
    RequestContextSpans.end(context, 200, null);

    assertThat(backend.ended).containsExactly("500 " + failure);
    assertThat(RequestContextSpans.find(context)).isNull();
  }

  @Test
  void aNestedDispatchAfterTheEndLeavesTheThreadAsItFoundIt() {
    RequestContextSpans.start(context, request());
    RequestContextSpans.enter(context);
    RequestContextSpans.end(context, 200, null);

    RequestContextSpans.enter(context);
    RequestContextSpans.exit(context);
    RequestContextSpans.exit(context);
    assertThat(backend.open).isZero();
    assertThat(HttpServerHooks.active()).isNull();
  }

  @Test
  void theLastMatchedRouteNamesTheRequest() {
    ServerRequest request = request();
    RequestContextSpans.start(context, request);
    RequestContextSpans.route(context, null, "/owners/*", false);
    RequestContextSpans.route(context, null, "/owners/:id", false);

    assertThat(request.route).isEqualTo("/owners/:id");
  }

  @Test
  void aSubRoutersRouteExtendsItsMountRoutesTemplate() {
    ServerRequest request = request();
    RequestContextSpans.start(context, request);
    RequestContextSpans.route(context, null, "/api/*", true);
    assertThat(request.route).isNull();

    RequestContextSpans.route(context, "/api/", "/pets/:petId", false);
    assertThat(request.route).isEqualTo("/api/pets/:petId");
  }

  @Test
  void aParameterisedMountPointIsReplacedByItsTemplate() {
    ServerRequest request = request();
    RequestContextSpans.start(context, request);
    RequestContextSpans.route(context, null, "/owners/:id/*", true);
    RequestContextSpans.route(context, "/owners/42/", "/visits/*", true);
    RequestContextSpans.route(context, "/owners/42/visits/", "/:visit", false);

    assertThat(request.route).isEqualTo("/owners/:id/visits/:visit");
  }

  @Test
  void nothingHappensWhileTracingIsOff() {
    Tracing.install(null);
    RequestContextSpans.start(context, request());
    RequestContextSpans.enter(context);

    assertThat(RequestContextSpans.find(context)).isNull();
    assertThat(HttpServerHooks.active()).isNull();
    RequestContextSpans.exit(context);
  }

  private static ServerRequest request() {
    ServerRequest request = new ServerRequest();
    request.method = "GET";
    request.path = "/owners/42";
    return request;
  }

  /** Counts scopes open and records each span's end as "status error". */
  private static final class RecordingBackend implements TracingBackend {
    int open;
    final List<String> ended = new ArrayList<>();

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
      return new Object();
    }

    @Override
    public AutoCloseable makeCurrent(Object serverSpan) {
      return scope();
    }

    private AutoCloseable scope() {
      open++;
      return () -> open--;
    }

    @Override
    public void endServerSpan(
        Object serverSpan, ServerRequest request, int status, Throwable error) {
      ended.add(status + " " + error);
    }

    @Override
    public Object startMethodSpan(String className, String methodName) {
      return null;
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
