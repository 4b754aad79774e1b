package io.poolpilot.agent.it.app.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A plain servlet application on Jetty 12 (ee10): {@code /items/*} is served by a servlet behind a
 * filter that answers {@code /items/forbidden} with 403 by itself; {@code /slow/*} (no filter)
 * starts asynchronous processing and answers 202 from another thread 300 ms later; {@code /later/*}
 * starts asynchronous processing and dispatches the request back to itself, where {@link
 * Report#render} writes the answer; {@code /stuck/*} starts asynchronous processing and never
 * answers, so the container times it out after 200 ms. Prints {@code listening <port>} and stops on
 * a line on stdin.
 */
public final class JettyServletApp {
  private JettyServletApp() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(ItemsServlet.class, "/items/*");
    context.addServlet(SlowServlet.class, "/slow/*").setAsyncSupported(true);
    context.addServlet(LaterServlet.class, "/later/*").setAsyncSupported(true);
    context.addServlet(StuckServlet.class, "/stuck/*").setAsyncSupported(true);
    context.addFilter(GuardFilter.class, "/items/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    System.out.println("listening " + connector.getLocalPort());

    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    server.stop();
    System.out.println("stopped");
  }

  /** Answers with the item's id. */
  public static final class ItemsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("item " + request.getPathInfo());
    }
  }

  /** Answers later, from another thread. */
  public static final class SlowServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      async.setTimeout(30_000);
      async.start(
          () -> {
            try {
              Thread.sleep(300);
              response.setStatus(202);
              response.getWriter().write("accepted");
            } catch (InterruptedException | IOException e) {
              response.setStatus(500);
            }
            async.complete();
          });
    }
  }

  /** Answers on an asynchronous dispatch back into the container. */
  public static final class LaterServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        response.getWriter().write(Report.render(request.getPathInfo()));
        return;
      }
      AsyncContext async = request.startAsync();
      async.setTimeout(30_000);
      async.start(async::dispatch);
    }
  }

  /** Forgets to answer: the container's async timeout ends the request. */
  public static final class StuckServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      request.startAsync().setTimeout(200);
    }
  }

  /** The work of an asynchronous dispatch; named in the agent's {@code handlers} key. */
  public static final class Report {
    private Report() {}

    public static String render(String name) {
      return "report " + name;
    }
  }

  /** Turns {@code /items/forbidden} away before any servlet sees it. */
  public static final class GuardFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if ("/forbidden".equals(((HttpServletRequest) request).getPathInfo())) {
        ((HttpServletResponse) response).sendError(403);
        return;
      }
      chain.doFilter(request, response);
    }
  }
}
