package io.poolpilot.agent.it;

import static io.poolpilot.protocol.TelemetryNames.CODE_FUNCTION_NAME;
import static io.poolpilot.protocol.TelemetryNames.URL_PATH;
import static io.poolpilot.protocol.TelemetryNames.URL_SCHEME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.poolpilot.agent.it.app.TraceHopApp;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedSpans.Received;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two applications under the real agent, A calling B, both exporting to one receiver under their
 * own service names: B's server spans belong to A's trace, with the span current at A's call as
 * their parent, whether A called with {@code HttpClient.send}, {@code sendAsync} or {@code
 * HttpURLConnection}, from a pool thread the request handed its work to, or from inside an
 * {@code @WithSpan} method, over HTTP and HTTPS. A {@code traceparent} the application set itself
 * is left alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceHopIT {
  static final Duration WITHIN = Duration.ofSeconds(60);
  static final String A = "hop-a";
  static final String B = "hop-b";

  static final String PASSWORD = "hop-secret";

  private Path keystore;
  private OtlpReceiver receiver;
  private LaunchedJvm serviceB;
  private LaunchedJvm serviceA;
  private String baseA;

  @BeforeAll
  void start() throws Exception {
    keystore = selfSignedKeystore();
    receiver = OtlpReceiver.start();
    serviceB =
        JvmLauncher.underAgent(TraceHopApp.class)
            .agentArgs(args(B))
            .jvmArgs("-Dhop.keystore=" + keystore, "-Dhop.keystore.password=" + PASSWORD)
            .start();
    String portB = serviceB.awaitStdoutLineStartingWith("listening ", WITHIN).trim();
    String httpsPortB = serviceB.awaitStdoutLineStartingWith("listening-https ", WITHIN).trim();
    serviceA =
        JvmLauncher.underAgent(TraceHopApp.class)
            .agentArgs(args(A))
            .jvmArgs(
                "-Djavax.net.ssl.trustStore=" + keystore,
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12")
            .appArgs(portB, httpsPortB)
            .start();
    baseA = "http://127.0.0.1:" + serviceA.awaitStdoutLineStartingWith("listening ", WITHIN).trim();
    String baseB = "http://127.0.0.1:" + portB;
    // Spans start once each SDK is up: ask both until each has sent a server span.
    awaitTracing(baseA, A);
    awaitTracing(baseB, B);
  }

  /** A key pair for 127.0.0.1 made with the JDK's keytool; the caller trusts the same file. */
  private static Path selfSignedKeystore() throws Exception {
    Path dir = Files.createTempDirectory("trace-hop");
    Path file = dir.resolve("hop.p12");
    Path keytool = Path.of(FailsafeProperties.java()).resolveSibling("keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "hop",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return file;
  }

  private String args(String service) {
    return "endpoint=" + receiver.endpoint() + ",export.interval=200ms,service.name=" + service;
  }

  private void awaitTracing(String base, String service) {
    await()
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpClients.get(base + "/hello/warm-up");
              return !receiver.spans().where(s -> service.equals(s.service())).isEmpty();
            });
  }

  @AfterAll
  void stop() throws IOException {
    try (OtlpReceiver r = receiver;
        LaunchedJvm b = serviceB;
        LaunchedJvm a = serviceA) {
      for (LaunchedJvm app : List.of(a, b)) {
        app.sendLine("stop");
        app.awaitExit(Duration.ofSeconds(30));
      }
    } finally {
      Files.deleteIfExists(keystore);
      Files.deleteIfExists(keystore.getParent());
    }
  }

  @Test
  void everyClientCarriesTheTraceFromThePoolThreadTheRequestHandedItsWorkTo() {
    assertThat(HttpClients.get(baseA + "/hop").body()).isEqualTo("hellohellohellohello");
    Received serverA = awaitServer(A, "/hop");
    for (String path :
        List.of(
            "/hello/client",
            "/hello/async",
            "/hello/urlconnection",
            "/hello/urlconnection-connect")) {
      Received serverB = awaitServer(B, path);
      assertThat(serverB.traceId()).as(path).isEqualTo(serverA.traceId());
      assertThat(serverB.parentSpanId()).as(path).isEqualTo(serverA.spanId());
    }
  }

  @Test
  void overHttpsToo() {
    assertThat(HttpClients.get(baseA + "/hop-https").body()).isEqualTo("hellohellohello");
    Received serverA = awaitServer(A, "/hop-https");
    for (String path :
        List.of(
            "/hello/https-client",
            "/hello/https-urlconnection",
            "/hello/https-urlconnection-connect")) {
      Received serverB = awaitServer(B, path);
      assertThat(serverB.string(URL_SCHEME)).as(path).isEqualTo("https");
      assertThat(serverB.traceId()).as(path).isEqualTo(serverA.traceId());
      assertThat(serverB.parentSpanId()).as(path).isEqualTo(serverA.spanId());
    }
  }

  @Test
  void aTraceparentTheApplicationSetItselfIsKept() {
    assertThat(HttpClients.get(baseA + "/own").body()).isEqualTo("hellohello");
    awaitServer(A, "/own");
    for (String path : List.of("/hello/own-client", "/hello/own-urlconnection")) {
      Received serverB = awaitServer(B, path);
      assertThat(serverB.traceId()).as(path).isEqualTo(TraceHopApp.OWN_TRACE);
      assertThat(serverB.parentSpanId()).as(path).isEqualTo(TraceHopApp.OWN_SPAN);
    }
  }

  @Test
  void withSpanMethodsAreInternalSpansAndParentTheCallsMadeInside() {
    assertThat(HttpClients.get(baseA + "/annotated").body()).isEqualTo("priced hello");
    Received serverA = awaitServer(A, "/annotated");

    Received priced = awaitOne(s -> s.name().equals("price order"));
    assertThat(priced.service()).isEqualTo(A);
    assertThat(priced.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(priced.traceId()).isEqualTo(serverA.traceId());
    assertThat(priced.parentSpanId()).isEqualTo(serverA.spanId());
    assertThat(priced.string(CODE_FUNCTION_NAME))
        .isEqualTo(TraceHopApp.Annotated.class.getName() + ".priced");

    Received lookUp = awaitOne(s -> s.name().equals("Annotated.lookUp"));
    assertThat(lookUp.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(lookUp.parentSpanId()).isEqualTo(priced.spanId());

    Received serverB = awaitServer(B, "/hello/annotated");
    assertThat(serverB.traceId()).isEqualTo(serverA.traceId());
    assertThat(serverB.parentSpanId()).isEqualTo(lookUp.spanId());
  }

  private Received awaitServer(String service, String path) {
    return awaitOne(
        s ->
            service.equals(s.service())
                && s.kind() == SpanKind.SPAN_KIND_SERVER
                && path.equals(s.string(URL_PATH)));
  }

  private Received awaitOne(Predicate<Received> test) {
    List<Received> found =
        await().atMost(WITHIN).until(() -> receiver.spans().where(test), spans -> !spans.isEmpty());
    assertThat(found).as(() -> receiver.spans().toString()).hasSize(1);
    return found.get(0);
  }
}
