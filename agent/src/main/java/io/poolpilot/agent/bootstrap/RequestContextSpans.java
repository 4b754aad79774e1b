package io.poolpilot.agent.bootstrap;

/**
 * Server spans of an asynchronous framework, keyed by the object the framework runs one request's
 * handlers on: in Vert.x 5, the duplicated context each HTTP request gets, which every handler,
 * timer, body callback and {@code executeBlocking} task of that request is dispatched on, whichever
 * thread runs it.
 *
 * <p>Why a table of the bridge and not the framework's own context-local storage: Vert.x 5 keeps
 * only {@code ContextLocal} keys registered before the first {@code Vertx} is built (which an agent
 * attached to a running application cannot promise), and its object-keyed local data is deprecated
 * for removal and allocates a map for every context it is asked about, which would happen on every
 * event of every context here. The table holds the context weakly, so a request whose response
 * never ends leaves nothing behind once Vert.x drops its context.
 *
 * <p>Advice calls {@link #start} when a request arrives, {@link #enter}/{@link #exit} around every
 * dispatch on a context (the request's span is current while its handlers run), {@link #route} as
 * the router matches, and {@link #end} when the response ends or the connection fails. None of
 * these methods throws.
 */
public final class RequestContextSpans {
  private static final WeakIdentityTable<InFlight> IN_FLIGHT = new WeakIdentityTable<>();

  /** The dispatches this thread is inside of whose context had a request, innermost first. */
  private static final ThreadLocal<Frame> FRAMES = new ThreadLocal<>();

  private RequestContextSpans() {}

  /** Starts the span of the request whose handlers will run on {@code context}. */
  public static void start(Object context, ServerRequest request) {
    if (context == null) {
      return;
    }
    ServerSpan span = HttpServerHooks.startDetached(request);
    if (span == null) {
      return;
    }
    try {
      IN_FLIGHT.put(context, new InFlight(span));
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }

  /** The request's span while it is in flight on {@code context}, or null. */
  public static ServerSpan find(Object context) {
    InFlight request = inFlight(context);
    return request == null ? null : request.span;
  }

  /**
   * A dispatch on {@code context} began on this thread: makes its request's span current until the
   * matching {@link #exit}.
   */
  public static void enter(Object context) {
    try {
      if (IN_FLIGHT.isEmpty()) {
        return;
      }
      InFlight request = IN_FLIGHT.get(context);
      if (request != null) {
        FRAMES.set(new Frame(context, HttpServerHooks.attach(request.span), FRAMES.get()));
      }
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }

  /**
   * The dispatch on {@code context} that {@link #enter} saw is over. Should the request end inside
   * that dispatch and its context be dispatched again, nested, the inner exit detaches the span and
   * the outer one finds nothing to do: the span has ended, and the thread's previous context is
   * restored either way.
   */
  public static void exit(Object context) {
    try {
      Frame top = FRAMES.get();
      if (top == null || top.context != context) {
        return;
      }
      if (top.below == null) {
        FRAMES.remove();
      } else {
        FRAMES.set(top.below);
      }
      HttpServerHooks.detach(top.attachment);
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }

  /**
   * A router matched a route of the request on {@code context}.
   *
   * @param mountPoint the path prefix of the router that matched, as the framework reports it (the
   *     concrete prefix of this request, or null at the top level)
   * @param template the route's own template, relative to {@code mountPoint}
   * @param mount whether the route only mounts a sub-router, whose routes extend its template
   */
  public static void route(Object context, String mountPoint, String template, boolean mount) {
    InFlight request = inFlight(context);
    if (request == null || template == null) {
      return;
    }
    try {
      request.matched(mountPoint, template, mount);
    } catch (Throwable t) {
      Tracing.fail(t);
    }
  }

  /**
   * The application failed the request on {@code context} with {@code error}: the span records it
   * when it ends, whatever status the framework then answers with. The first failure is kept.
   */
  public static void failed(Object context, Throwable error) {
    InFlight request = inFlight(context);
    if (request != null && error != null && request.error == null) {
      request.error = error;
    }
  }

  /**
   * Ends the span of the request on {@code context}, if it has not ended yet: {@code status} is the
   * status sent, or -1 if none was; {@code error} is why it ended early, or null.
   */
  public static void end(Object context, int status, Throwable error) {
    if (context == null) {
      return;
    }
    InFlight request;
    try {
      if (IN_FLIGHT.isEmpty()) {
        return;
      }
      request = IN_FLIGHT.remove(context);
    } catch (Throwable t) {
      Tracing.fail(t);
      return;
    }
    if (request != null) {
      HttpServerHooks.end(request.span, status, error != null ? error : request.error);
    }
  }

  private static InFlight inFlight(Object context) {
    if (context == null) {
      return null;
    }
    try {
      return IN_FLIGHT.isEmpty() ? null : IN_FLIGHT.get(context);
    } catch (Throwable t) {
      Tracing.fail(t);
      return null;
    }
  }

  /** One request between its start and its end. */
  private static final class InFlight {
    final ServerSpan span;
    volatile Throwable error;

    /** Templates of the sub-routers this request entered, by the prefix the framework reports. */
    private String[] mountPoints = new String[0];

    private String[] mountTemplates = new String[0];

    /** The template of a sub-router being entered, until its first route names its prefix. */
    private String pendingMount;

    InFlight(ServerSpan span) {
      this.span = span;
    }

    synchronized void matched(String mountPoint, String template, boolean mount) {
      String full = join(prefixTemplate(mountPoint), template);
      if (mount) {
        pendingMount = stripWildcard(full);
      } else {
        span.route(full);
      }
    }

    /**
     * The template of a router's prefix. A sub-router mounted on {@code /owners/:id/*} reports the
     * concrete prefix ({@code /owners/42/}); the first route matched under it learns that prefix
     * stands for the template its mount route had.
     */
    private String prefixTemplate(String mountPoint) {
      if (mountPoint == null) {
        return "";
      }
      for (int i = 0; i < mountPoints.length; i++) {
        if (mountPoints[i].equals(mountPoint)) {
          return mountTemplates[i];
        }
      }
      if (pendingMount == null) {
        return mountPoint;
      }
      String template = pendingMount;
      pendingMount = null;
      mountPoints = append(mountPoints, mountPoint);
      mountTemplates = append(mountTemplates, template);
      return template;
    }

    private static String[] append(String[] values, String value) {
      String[] longer = java.util.Arrays.copyOf(values, values.length + 1);
      longer[values.length] = value;
      return longer;
    }

    static String join(String prefix, String template) {
      if (prefix.endsWith("/") && template.startsWith("/")) {
        return prefix.substring(0, prefix.length() - 1) + template;
      }
      return prefix + template;
    }

    static String stripWildcard(String template) {
      String t = template.endsWith("*") ? template.substring(0, template.length() - 1) : template;
      return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }
  }

  private static final class Frame {
    final Object context;
    final Object attachment;
    final Frame below;

    Frame(Object context, Object attachment, Frame below) {
      this.context = context;
      this.attachment = attachment;
      this.below = below;
    }
  }
}
