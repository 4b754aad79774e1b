package io.poolpilot.agent.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.poolpilot.agent.bootstrap.PoolProbe;
import io.poolpilot.agent.bootstrap.ServerRequest;
import io.poolpilot.agent.bootstrap.TracingBackend;
import io.poolpilot.agent.bootstrap.WorkerTimings;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The OpenTelemetry implementation of the bridge: W3C trace context in and out, SERVER spans named
 * {@code {method} {route}} with the HTTP semantic-convention attributes, and, when the handler runs
 * on a pool thread, the pool's name and the queue wait its task suffered, which is the link from a
 * slow trace to the pool it waited in.
 */
public final class OtelTracing implements TracingBackend {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final Tracer tracer;
  private final HttpServerMetrics metrics;
  private final Function<PoolProbe, String> poolNames;

  /**
   * @param poolNames the reported name of a pool, or null for a pool that is not reported
   */
  public OtelTracing(Tracer tracer, Meter meter, Function<PoolProbe, String> poolNames) {
    this.tracer = tracer;
    this.metrics = new HttpServerMetrics(meter);
    this.poolNames = poolNames;
  }

  /** A started request: its span, its start, and the series its metrics go to. */
  static final class RequestState {
    final Span span;
    final Context context;
    final long startNanos;
    final String method;
    final HttpServerMetrics.ActiveSeries active;

    /** The route the span was started with, or null: the span is renamed only if it changed. */
    final String startRoute;

    /** Whether the span names a pool already; only the first pool a request ran on counts. */
    volatile boolean onPool;

    /** The pool the span names, whose count of failed requests a failure adds to; or null. */
    volatile PoolProbe pool;

    RequestState(
        Span span,
        Context context,
        long startNanos,
        String method,
        HttpServerMetrics.ActiveSeries active,
        String startRoute) {
      this.span = span;
      this.context = context;
      this.startNanos = startNanos;
      this.method = method;
      this.active = active;
      this.startRoute = startRoute;
    }
  }

  /** A method span and the scope that made it current. */
  private static final class MethodState {
    final Span span;
    final Scope scope;

    MethodState(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
    }
  }

  @Override
  public Object currentContext() {
    Context current = Context.current();
    return current == Context.root() ? null : current;
  }

  @Override
  public AutoCloseable attach(Object context) {
    return ((Context) context).makeCurrent();
  }

  @Override
  public Object startServerSpan(ServerRequest request, WorkerTimings worker) {
    long start = System.nanoTime();
    String method = HttpSemconv.method(request.method);
    Context parent = W3C.extract(Context.root(), request, REQUEST_HEADERS);
    // A framework that matched its route before the handler (the JDK HttpServer's context, say)
    // names the span once; others rename it at the end.
    String route = request.route;
    SpanBuilder builder =
        tracer
            .spanBuilder(route == null ? method : method + " " + route)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(HttpSemconv.METHOD, method);
    if (!method.equals(request.method) && request.method != null) {
      builder.setAttribute(HttpSemconv.METHOD_ORIGINAL, request.method);
    }
    setIfPresent(builder, HttpSemconv.URL_PATH, request.path);
    setIfPresent(builder, HttpSemconv.URL_SCHEME, request.scheme);
    setIfPresent(builder, HttpSemconv.SERVER_ADDRESS, request.serverAddress);
    if (request.serverPort > 0) {
      builder.setAttribute(HttpSemconv.SERVER_PORT, (long) request.serverPort);
    }
    setIfPresent(builder, HttpSemconv.CLIENT_ADDRESS, request.clientAddress);
    setIfPresent(builder, HttpSemconv.USER_AGENT, request.userAgent);
    setIfPresent(builder, HttpSemconv.ROUTE, route);
    Attributes pool = poolAttributes(worker);
    builder.setAllAttributes(pool);
    Span span = builder.startSpan();
    HttpServerMetrics.ActiveSeries active = metrics.activeSeries(method, request.scheme);
    metrics.started(active);
    RequestState state = new RequestState(span, parent.with(span), start, method, active, route);
    state.onPool = !pool.isEmpty();
    if (state.onPool) {
      state.pool = worker.probe();
    }
    return state;
  }

  @Override
  public void ranOnPool(Object serverSpan, WorkerTimings worker) {
    RequestState state = (RequestState) serverSpan;
    if (!state.onPool) {
      Attributes pool = poolAttributes(worker);
      state.span.setAllAttributes(pool);
      state.onPool = !pool.isEmpty();
      if (state.onPool) {
        state.pool = worker.probe();
      }
    }
  }

  @Override
  public AutoCloseable makeCurrent(Object serverSpan) {
    return ((RequestState) serverSpan).context.makeCurrent();
  }

  @Override
  public void endServerSpan(Object serverSpan, ServerRequest request, int status, Throwable error) {
    RequestState state = (RequestState) serverSpan;
    double seconds = (System.nanoTime() - state.startNanos) / 1e9;
    String route = request.route;
    Span span = state.span;
    if (route != null && !route.equals(state.startRoute)) {
      span.setAttribute(HttpSemconv.ROUTE, route);
      span.updateName(state.method + " " + route);
    }
    String errorType = null;
    if (status >= 0) {
      span.setAttribute(HttpSemconv.STATUS, (long) status);
      if (status >= 500) {
        errorType = Integer.toString(status);
      }
    }
    if (error != null) {
      errorType = error.getClass().getName();
      span.recordException(error);
    }
    if (errorType != null) {
      span.setAttribute(HttpSemconv.ERROR_TYPE, errorType);
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
    metrics.ended(state.active, route, status, errorType, seconds);
    PoolProbe servedOn = state.pool;
    if (errorType != null && servedOn != null) {
      servedOn.requestFailed();
    }
  }

  @Override
  public Object startMethodSpan(String className, String methodName) {
    return startMethodSpan(className, methodName, null);
  }

  @Override
  public Object startMethodSpan(String className, String methodName, String spanName) {
    Context parent = Context.current();
    boolean entry = !Span.fromContext(parent).getSpanContext().isValid();
    String name =
        spanName == null || spanName.isEmpty()
            ? simpleName(className) + "." + methodName
            : spanName;
    SpanBuilder builder =
        tracer
            .spanBuilder(name)
            .setParent(parent)
            .setSpanKind(entry ? SpanKind.SERVER : SpanKind.INTERNAL)
            .setAttribute(HttpSemconv.CODE_FUNCTION, className + "." + methodName);
    if (entry) {
      builder.setAllAttributes(
          poolAttributes(io.poolpilot.agent.bootstrap.ExecutorHooks.currentWorker()));
    }
    Span span = builder.startSpan();
    return new MethodState(span, parent.with(span).makeCurrent());
  }

  /** {@code Orders} for {@code com.acme.Shop$Orders}; {@code Shop$1} for an anonymous class. */
  static String simpleName(String className) {
    String name = className.substring(className.lastIndexOf('.') + 1);
    int dollar = name.lastIndexOf('$');
    if (dollar >= 0 && dollar + 1 < name.length() && !Character.isDigit(name.charAt(dollar + 1))) {
      return name.substring(dollar + 1);
    }
    return name;
  }

  @Override
  public void endMethodSpan(Object methodSpan, Throwable error) {
    MethodState state = (MethodState) methodSpan;
    state.scope.close();
    if (error != null) {
      state.span.recordException(error);
      state.span.setAttribute(HttpSemconv.ERROR_TYPE, error.getClass().getName());
      state.span.setStatus(StatusCode.ERROR);
    }
    state.span.end();
  }

  @Override
  public String traceparent() {
    return outgoing()[0];
  }

  @Override
  public String tracestate() {
    return outgoing()[1];
  }

  private static String[] outgoing() {
    String[] headers = new String[2];
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      W3C.inject(Context.current(), headers, OUTGOING);
    }
    return headers;
  }

  /**
   * The pool attributes of a handler running on {@code worker}: the pool's reported name and the
   * queue wait of the task it runs; empty off a pool thread or on a pool that is not reported.
   */
  private Attributes poolAttributes(WorkerTimings worker) {
    if (worker == null) {
      return Attributes.empty();
    }
    String pool = poolNames.apply(worker.probe());
    if (pool == null) {
      return Attributes.empty();
    }
    long waited = worker.currentQueueWait();
    return waited < 0
        ? Attributes.of(HttpSemconv.EXECUTOR_NAME, pool)
        : Attributes.of(
            HttpSemconv.EXECUTOR_NAME,
            pool,
            HttpSemconv.QUEUE_WAIT,
            waited / (double) TimeUnit.SECONDS.toNanos(1));
  }

  private static <T> void setIfPresent(
      SpanBuilder builder, io.opentelemetry.api.common.AttributeKey<T> key, T value) {
    if (value != null) {
      builder.setAttribute(key, value);
    }
  }

  private static final TextMapGetter<ServerRequest> REQUEST_HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequest carrier) {
          return Arrays.asList("traceparent", "tracestate");
        }

        @Override
        public String get(ServerRequest carrier, String key) {
          if (carrier == null) {
            return null;
          }
          switch (key) {
            case "traceparent":
              return carrier.traceparent;
            case "tracestate":
              return carrier.tracestate;
            default:
              return null;
          }
        }
      };

  private static final TextMapSetter<String[]> OUTGOING =
      (carrier, key, value) -> {
        if ("traceparent".equals(key)) {
          carrier[0] = value;
        } else if ("tracestate".equals(key)) {
          carrier[1] = value;
        }
      };
}
