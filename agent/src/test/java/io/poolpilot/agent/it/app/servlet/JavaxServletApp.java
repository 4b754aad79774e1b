package io.poolpilot.agent.it.app.servlet;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.DispatcherType;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

/**
 * A stand-in for a {@code javax.servlet} container (no Tomcat 9 or older Jetty is at hand): it
 * calls {@code HttpServlet.service} as a container would, with requests and responses made as
 * {@code java.lang.reflect.Proxy}s of the API's interfaces. Each line on stdin names a case; the
 * app answers {@code served <case> <status>}; {@code stop} ends it.
 *
 * <ul>
 *   <li>{@code legacy}: {@code GET /shop/legacy/5} on the prefix mapping {@code /legacy/*}, with a
 *       traceparent; the servlet answers 201 and calls a second servlet's {@code service} inside.
 *   <li>{@code broken}: the servlet throws a {@code ServletException} wrapping the real cause.
 *   <li>{@code servlet3}: a Servlet 3 container, where {@code getHttpServletMapping} does not
 *       exist; the request has path info, so it was a prefix mapping.
 * </ul>
 */
public final class JavaxServletApp {
  public static final String TRACEPARENT =
      "00-1f2e3d4c5b6a79881f2e3d4c5b6a7988-0123456789abcdef-01";

  private JavaxServletApp() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    HttpServlet servlet = new LegacyServlet();
    System.out.println("ready");
    String line;
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      Map<String, Object> response = new HashMap<>(Map.of("getStatus", 200));
      try {
        servlet.service(request(line), response(response));
      } catch (ServletException e) {
        response.put("getStatus", 500);
      }
      System.out.println("served " + line + " " + response.get("getStatus"));
    }
  }

  static HttpServletRequest request(String name) {
    Map<String, Object> values = new HashMap<>();
    values.put("getDispatcherType", DispatcherType.REQUEST);
    values.put("getMethod", "GET");
    values.put("getScheme", "https");
    values.put("getContextPath", "/shop");
    values.put("getRemoteAddr", "10.1.2.3");
    values.put("getServerName", "internal");
    values.put("getServerPort", 8080);
    Map<String, String> headers = new HashMap<>(Map.of("Host", "shop.example:8443"));
    switch (name) {
      case "legacy":
        values.put("getRequestURI", "/shop/legacy/5");
        values.put("getServletPath", "/legacy");
        values.put("getPathInfo", "/5");
        values.put("getHttpServletMapping", mapping(MappingMatch.PATH, "/legacy/*"));
        headers.put("traceparent", TRACEPARENT);
        break;
      case "broken":
        values.put("getRequestURI", "/shop/broken");
        values.put("getServletPath", "/broken");
        values.put("getHttpServletMapping", mapping(MappingMatch.EXACT, "/broken"));
        break;
      case "servlet3":
        values.put("getRequestURI", "/shop/old/9");
        values.put("getServletPath", "/old");
        values.put("getPathInfo", "/9");
        values.put("getHttpServletMapping", new AbstractMethodError("getHttpServletMapping"));
        break;
      default:
        throw new IllegalArgumentException("unknown case " + name);
    }
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            JavaxServletApp.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getHeader")) {
                return headers.get((String) args[0]);
              }
              Object value = values.get(method.getName());
              if (value instanceof Error) {
                throw (Error) value;
              }
              return value != null ? value : defaultOf(method.getReturnType());
            });
  }

  static HttpServletResponse response(Map<String, Object> values) {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            JavaxServletApp.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
              if (method.getName().equals("setStatus")) {
                values.put("getStatus", args[0]);
                return null;
              }
              Object value = values.get(method.getName());
              return value != null ? value : defaultOf(method.getReturnType());
            });
  }

  static HttpServletMapping mapping(MappingMatch match, String pattern) {
    return (HttpServletMapping)
        Proxy.newProxyInstance(
            JavaxServletApp.class.getClassLoader(),
            new Class<?>[] {HttpServletMapping.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getMappingMatch" -> match;
                  case "getPattern" -> pattern;
                  default -> "";
                });
  }

  static Object defaultOf(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }

  /** The servlet under test; {@code legacy} calls a second servlet inside itself. */
  static final class LegacyServlet extends HttpServlet {
    private final HttpServlet inner = new InnerServlet();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, java.io.IOException {
      if (request.getRequestURI().endsWith("/broken")) {
        throw new ServletException("wrapped", new IllegalArgumentException("no such item"));
      }
      inner.service(request, response);
      response.setStatus(201);
    }
  }

  /** Called from inside another servlet, as an include would. */
  static final class InnerServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      response.setStatus(202);
    }
  }
}
