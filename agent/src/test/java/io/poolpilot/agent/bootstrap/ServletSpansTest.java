package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet bridge against a recording backend, with a stand-in for the servlet API's async types
 * (same method names and shapes), since the bridge reaches those only by reflection.
 */
class ServletSpansTest {
  private final RecordingBackend backend = new RecordingBackend();

  @BeforeEach
  void install() {
    Tracing.install(backend);
  }

  @AfterEach
  void uninstall() {
    Tracing.install(null);
  }

  @Test
  void theOuterEntryOwnsTheSpanAndNestedEntriesStartNone() {
    ServletRequestSpan outer = ServletSpans.start(request("/orders/1"));
    assertThat(outer).isNotNull();
    assertThat(HttpServerHooks.active()).isSameAs(outer.span);
    assertThat(ServletSpans.start(request("/orders/1"))).isNull();

    ServletSpans.end(outer, "/orders/{id}", 200, null);

    assertThat(HttpServerHooks.active()).isNull();
    assertThat(backend.ended).containsExactly("/orders/1 route=/orders/{id} status=200 error=null");
    assertThat(backend.openScopes).isZero();
  }

  @Test
  void aHandlerThatThrewBeforeAnErrorStatusWasSetIsA500() {
    assertThat(ServletSpans.status(200, new IllegalStateException())).isEqualTo(500);
    assertThat(ServletSpans.status(-1, new IllegalStateException())).isEqualTo(500);
    assertThat(ServletSpans.status(404, new IllegalStateException())).isEqualTo(404);
    assertThat(ServletSpans.status(200, null)).isEqualTo(200);
  }

  @Test
  void anAsyncRequestLeavesTheThreadFreeAndEndsWhenTheContainerCompletesIt() throws Exception {
    ServletRequestSpan span = ServletSpans.start(request("/slow"));
    FakeResponse response = new FakeResponse();
    FakeAsyncContext context = new FakeAsyncContext();
    FakeListener listener = listener(span, response);
    context.addListener(listener);

    ServletSpans.release(span, "/slow/*");
    assertThat(HttpServerHooks.active()).isNull();
    assertThat(backend.openScopes).isZero();
    assertThat(backend.ended).isEmpty();

    response.status = 503;
    IllegalStateException failure = new IllegalStateException("backend down");
    CompletableFuture.runAsync(
            () -> {
              context.fire(l -> l.onError(new FakeEvent(context, failure)));
              context.fire(l -> l.onComplete(new FakeEvent(context, null)));
            })
        .get();

    assertThat(backend.ended).containsExactly("/slow route=/slow/* status=503 error=" + failure);
  }

  @Test
  void aNewAsyncCycleRegistersTheListenerAgain() {
    ServletRequestSpan span = ServletSpans.start(request("/again"));
    FakeAsyncContext first = new FakeAsyncContext();
    FakeListener listener = listener(span, new FakeResponse());
    first.addListener(listener);
    ServletSpans.release(span, null);

    FakeAsyncContext second = new FakeAsyncContext();
    first.fire(l -> l.onStartAsync(new FakeEvent(second, null)));
    assertThat(second.listeners).containsExactly(listener);
    assertThat(backend.ended).isEmpty();

    second.fire(l -> l.onComplete(new FakeEvent(second, null)));
    assertThat(backend.ended).containsExactly("/again route=null status=200 error=null");
  }

  @Test
  void aNewAsyncCycleThatRefusesTheListenerEndsTheSpanAndKeepsTracingOn() {
    ServletRequestSpan span = ServletSpans.start(request("/refused"));
    FakeAsyncContext first = new FakeAsyncContext();
    first.addListener(listener(span, new FakeResponse()));
    ServletSpans.release(span, null);

    FakeAsyncContext second = new FakeAsyncContext();
    second.refuses = true;
    first.fire(l -> l.onStartAsync(new FakeEvent(second, null)));

    assertThat(backend.ended).containsExactly("/refused route=null status=200 error=null");
    assertThat(Tracing.backend()).isSameAs(backend);
  }

  @Test
  void theListenerProxyHasIdentitySemantics() {
    ServletRequestSpan span = ServletSpans.start(request("/identity"));
    FakeListener listener = listener(span, new FakeResponse());
    ServletSpans.end(span, null, 200, null);

    assertThat(listener).isEqualTo(listener).isNotEqualTo(listener(span, new FakeResponse()));
    assertThat(listener.hashCode()).isEqualTo(System.identityHashCode(listener));
    assertThat(listener.toString()).contains("PoolPilot");
  }

  @Test
  void anAsyncDispatchBindsTheRequestsSpanToItsThread() throws Exception {
    ServletRequestSpan span = ServletSpans.start(request("/dispatched"));
    ServletSpans.release(span, null);
    Object[] seen = new Object[1];
    CompletableFuture.runAsync(
            () -> {
              Object attachment = ServletSpans.attach(span);
              seen[0] = HttpServerHooks.active();
              HttpServerHooks.detach(attachment);
            })
        .get();
    assertThat(seen[0]).isSameAs(span.span);
    assertThat(ServletSpans.attach("not a span")).isNull();
    assertThat(backend.openScopes).isZero();
  }

  @Test
  void nothingStartsWhileTracingIsOff() {
    Tracing.install(null);
    assertThat(ServletSpans.start(request("/off"))).isNull();
    ServletSpans.end(null, "/x", 200, null);
    ServletSpans.release(null, "/x");
  }

  private static FakeListener listener(ServletRequestSpan span, FakeResponse response) {
    return (FakeListener)
        Proxy.newProxyInstance(
            FakeListener.class.getClassLoader(),
            new Class<?>[] {FakeListener.class},
            ServletSpans.endOnAsyncComplete(span, response, FakeHttpResponse.class));
  }

  private static ServerRequest request(String path) {
    ServerRequest request = new ServerRequest();
    request.method = "GET";
    request.path = path;
    return request;
  }

  /** Shaped like {@code AsyncListener}. */
  public interface FakeListener {
    void onComplete(FakeEvent event);

    void onTimeout(FakeEvent event);

    void onError(FakeEvent event);

    void onStartAsync(FakeEvent event);
  }

  /** Shaped like {@code AsyncEvent}. */
  public static final class FakeEvent {
    private final FakeAsyncContext context;
    private final Throwable throwable;

    FakeEvent(FakeAsyncContext context, Throwable throwable) {
      this.context = context;
      this.throwable = throwable;
    }

    public FakeAsyncContext getAsyncContext() {
      return context;
    }

    public Throwable getThrowable() {
      return throwable;
    }
  }

  /** Shaped like {@code AsyncContext}; a class here, which reflection handles the same way. */
  public static final class FakeAsyncContext {
    final List<FakeListener> listeners = new CopyOnWriteArrayList<>();
    volatile boolean refuses;

    public void addListener(FakeListener listener) {
      if (refuses) {
        throw new IllegalStateException("no listeners in this state");
      }
      listeners.add(listener);
    }

    void fire(java.util.function.Consumer<FakeListener> event) {
      listeners.forEach(event);
    }
  }

  /** Shaped like {@code HttpServletResponse}. */
  public interface FakeHttpResponse {
    int getStatus();
  }

  /** A container's response class, not public, reached through the public interface. */
  static final class FakeResponse implements FakeHttpResponse {
    volatile int status = 200;

    @Override
    public int getStatus() {
      return status;
    }
  }

  private static final class RecordingBackend implements TracingBackend {
    final List<String> ended = new CopyOnWriteArrayList<>();
    volatile int openScopes;

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
      return request;
    }

    @Override
    public AutoCloseable makeCurrent(Object serverSpan) {
      return scope();
    }

    private synchronized AutoCloseable scope() {
      openScopes++;
      return () -> {
        synchronized (this) {
          openScopes--;
        }
      };
    }

    @Override
    public void endServerSpan(
        Object serverSpan, ServerRequest request, int status, Throwable error) {
      ended.add(request.path + " route=" + request.route + " status=" + status + " error=" + error);
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
