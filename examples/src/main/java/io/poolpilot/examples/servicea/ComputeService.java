package io.poolpilot.examples.servicea;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * service-a of the demo: a compute-heavy service on embedded Jetty. {@code GET /hash?rounds=N}
 * hands N rounds of SHA-256 ({@link HashWork}) to a worker pool and waits for them, as services do
 * that keep CPU work off their request threads.
 *
 * <p>The worker pool starts with {@value #WORKERS} threads ({@code a-worker-1}, ...): far more than
 * a machine with a few cores can keep busy, a size picked once "to be safe". Its queue holds
 * {@value #QUEUE} tasks; beyond that the service sheds load with {@code 503} rather than queue
 * without bound. Nothing here knows about PoolPilot.
 *
 * <p>{@code ComputeService [port]} (0 or nothing: a free port) prints {@code listening on PORT}.
 */
public final class ComputeService {
  /** The worker pool's starting size: fixed, the demo's "too many threads". */
  public static final int WORKERS = 64;

  static final int QUEUE = 200;

  private final Server server;
  private final ThreadPoolExecutor workers;

  private ComputeService(Server server, ThreadPoolExecutor workers) {
    this.server = server;
    this.workers = workers;
  }

  /** Starts the service on {@code port} (0: a free one). */
  public static ComputeService start(int port) throws Exception {
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            named("a-worker-"));
    // Request threads only wait for the workers; enough of them for every worker and queued task.
    QueuedThreadPool requestThreads = new QueuedThreadPool(WORKERS + QUEUE + 50, 8);
    requestThreads.setName("a-http");
    Server server = new Server(requestThreads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new HashServlet(workers)), "/hash");
    server.setHandler(context);
    server.start();
    return new ComputeService(server, workers);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public void stop() throws Exception {
    server.stop();
    workers.shutdownNow();
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    ComputeService service = start(port);
    System.out.println("listening on " + service.port());
    service.server.join();
  }

  /** {@code GET /hash?rounds=N}: the work runs on the worker pool; the request thread waits. */
  static final class HashServlet extends HttpServlet {
    private static final long TIMEOUT_SECONDS = 30;
    private final transient ThreadPoolExecutor workers;

    HashServlet(ThreadPoolExecutor workers) {
      this.workers = workers;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      int rounds;
      try {
        String value = request.getParameter("rounds");
        rounds = value == null ? 1000 : Integer.parseInt(value);
        if (rounds < 1 || rounds > HashWork.MAX_ROUNDS) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        response.sendError(400, "rounds must be a whole number from 1 to " + HashWork.MAX_ROUNDS);
        return;
      }
      Future<String> digest;
      try {
        digest = workers.submit(() -> HashWork.run(rounds));
      } catch (RejectedExecutionException full) {
        response.sendError(503, "busy: " + QUEUE + " tasks already waiting");
        return;
      }
      try {
        String hex = digest.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.setContentType("text/plain");
        response.getWriter().println(hex);
      } catch (TimeoutException e) {
        digest.cancel(true);
        response.sendError(504, "the work took longer than " + TIMEOUT_SECONDS + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        response.sendError(503, "shutting down");
      } catch (ExecutionException e) {
        response.sendError(500, String.valueOf(e.getCause()));
      }
    }
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
