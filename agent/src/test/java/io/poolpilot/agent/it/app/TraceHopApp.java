package io.poolpilot.agent.it.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * One service of a two-service trace, written as one would without an agent. Both instances answer
 * {@code /hello/...}; given a downstream port (its first argument) it also calls that service:
 *
 * <ul>
 *   <li>{@code /hop}: hands the work to a second pool ({@code hop-call-}), which calls {@code
 *       /hello/client} with {@code HttpClient.send}, {@code /hello/async} with {@code sendAsync},
 *       {@code /hello/urlconnection} with {@code HttpURLConnection.getInputStream} and {@code
 *       /hello/urlconnection-connect} with an explicit {@code connect()} first;
 *   <li>{@code /own}: the same two clients, but the application sets a {@code traceparent} of its
 *       own ({@link #OWN_TRACEPARENT}), on {@code /hello/own-client} and {@code
 *       /hello/own-urlconnection};
 *   <li>{@code /hop-https}: as {@code /hop}, over HTTPS to the downstream's HTTPS port (its second
 *       argument): {@code /hello/https-client}, {@code /hello/https-urlconnection} and {@code
 *       /hello/https-urlconnection-connect};
 *   <li>{@code /annotated}: calls {@link Annotated#priced} ({@code @WithSpan("price order")}),
 *       which calls {@link Annotated#lookUp} ({@code @WithSpan}), which calls {@code
 *       /hello/annotated}.
 * </ul>
 *
 * Prints {@code listening <port>} and stops on a line on stdin. With the system property {@code
 * hop.keystore} (a PKCS12 file, password {@code hop.keystore.password}) it also answers {@code
 * /hello/...} over HTTPS and prints {@code listening-https <port>}; the caller trusts that
 * certificate through {@code javax.net.ssl.trustStore}.
 */
public final class TraceHopApp {
  public static final String OWN_TRACE = "0af7651916cd43dd8448eb211c80319c";
  public static final String OWN_SPAN = "b7ad6b7169203331";
  public static final String OWN_TRACEPARENT = "00-" + OWN_TRACE + "-" + OWN_SPAN + "-01";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static String downstream;
  private static String httpsDownstream;

  private TraceHopApp() {}

  public static void main(String[] args) throws Exception {
    downstream = args.length > 0 ? "http://127.0.0.1:" + args[0] : null;
    httpsDownstream = args.length > 1 ? "https://127.0.0.1:" + args[1] : null;
    ExecutorService requests = pool("hop-worker-");
    ExecutorService calls = pool("hop-call-");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(requests);
    server.createContext("/hello", exchange -> respond(exchange, 200, "hello"));
    server.createContext(
        "/hop",
        exchange -> {
          try {
            String answers =
                calls
                    .submit(
                        () ->
                            send("/hello/client", null)
                                + sendAsync("/hello/async")
                                + connect(downstream + "/hello/urlconnection", null, false)
                                + connect(downstream + "/hello/urlconnection-connect", null, true))
                    .get();
            respond(exchange, 200, answers);
          } catch (Exception e) {
            respond(exchange, 500, e.toString());
          }
        });
    server.createContext(
        "/hop-https",
        exchange -> {
          try {
            String answers =
                calls
                    .submit(
                        () ->
                            sendTo(httpsDownstream + "/hello/https-client")
                                + connect(
                                    httpsDownstream + "/hello/https-urlconnection", null, false)
                                + connect(
                                    httpsDownstream + "/hello/https-urlconnection-connect",
                                    null,
                                    true))
                    .get();
            respond(exchange, 200, answers);
          } catch (Exception e) {
            respond(exchange, 500, e.toString());
          }
        });
    server.createContext(
        "/own",
        exchange -> {
          try {
            respond(
                exchange,
                200,
                send("/hello/own-client", OWN_TRACEPARENT)
                    + connect(downstream + "/hello/own-urlconnection", OWN_TRACEPARENT, false));
          } catch (Exception e) {
            respond(exchange, 500, e.toString());
          }
        });
    server.createContext(
        "/annotated",
        exchange -> {
          try {
            respond(exchange, 200, Annotated.priced());
          } catch (Exception e) {
            respond(exchange, 500, e.toString());
          }
        });
    server.start();
    HttpsServer https = startHttps(requests);
    System.out.println("listening " + server.getAddress().getPort());
    if (https != null) {
      System.out.println("listening-https " + https.getAddress().getPort());
    }

    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    server.stop(0);
    if (https != null) {
      https.stop(0);
    }
    requests.shutdown();
    calls.shutdown();
    System.out.println("stopped");
  }

  private static HttpsServer startHttps(ExecutorService requests) throws Exception {
    String keystore = System.getProperty("hop.keystore");
    if (keystore == null) {
      return null;
    }
    char[] password = System.getProperty("hop.keystore.password").toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore)) {
      keys.load(in, password);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.setExecutor(requests);
    https.createContext("/hello", exchange -> respond(exchange, 200, "hello"));
    https.start();
    return https;
  }

  private static ExecutorService pool(String prefix) {
    return new ThreadPoolExecutor(
        2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new NamedThreadFactory(prefix));
  }

  static String sendTo(String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  static String send(String path, String traceparent) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(downstream + path)).timeout(Duration.ofSeconds(30));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static String sendAsync(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(downstream + path))
            .timeout(Duration.ofSeconds(30))
            .build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join().body();
  }

  static String connect(String url, String traceparent, boolean connectFirst) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(30_000);
    if (traceparent != null) {
      connection.setRequestProperty("traceparent", traceparent);
    }
    if (connectFirst) {
      connection.connect();
    }
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Methods annotated with (a stand-in of) OpenTelemetry's {@code @WithSpan}. */
  public static final class Annotated {
    private Annotated() {}

    @WithSpan("price order")
    public static String priced() throws Exception {
      return "priced " + lookUp();
    }

    @WithSpan
    static String lookUp() throws Exception {
      return send("/hello/annotated", null);
    }
  }
}
