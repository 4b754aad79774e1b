package io.poolpilot.benchmarks.http;

import io.poolpilot.testsupport.JvmLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An application the overhead benchmarks launch under each agent variant: what to run, how it gets
 * its port, which request says it is ready, and the requests of the steady-state load. Two kinds: a
 * main class on the benchmark's class path that picks its own port and prints {@code port=<n>}
 * ({@link OrderService}, {@link OtlpSink}), and a Spring Boot jar told its port with {@code
 * --server.port} (spring-petclinic-rest).
 *
 * @param serviceName what the agents report it as ({@code service.name})
 * @param target sets what a fresh launcher runs: class path and main class, or {@code -jar}
 * @param portArgument the application argument that sets its port, followed by the number ({@code
 *     --server.port=}), or null if it picks a port itself and prints it
 * @param firstRequest the path whose first 200 marks the end of start-up, or null to wait only for
 *     the port
 * @param requestPaths the steady-state request mix, in rotation (repeat a path to weigh it)
 */
record AppUnderTest(
    String serviceName,
    UnaryOperator<JvmLauncher> target,
    String portArgument,
    String firstRequest,
    List<String> requestPaths) {

  /** Customers that {@link OrderService}'s requests rotate over, so that every order differs. */
  static final int ORDER_CUSTOMERS = 128;

  AppUnderTest {
    requestPaths = List.copyOf(requestPaths);
  }

  /** {@link OrderService} on {@code classPath}: {@code GET /orders?customer=<n>}, 128 customers. */
  static AppUnderTest orderService(String classPath) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < ORDER_CUSTOMERS; i++) {
      paths.add("/orders?customer=" + (1_000 + i));
    }
    return new AppUnderTest(
        "order-service",
        onClassPath(classPath, OrderService.class),
        null,
        "/orders?customer=1",
        paths);
  }

  /** The {@link OtlpSink}: no requests, ready once it prints its port. */
  static AppUnderTest otlpSink(String classPath) {
    return new AppUnderTest(
        "otlp-sink", onClassPath(classPath, OtlpSink.class), null, null, List.of("/stats"));
  }

  /**
   * spring-petclinic-rest's jar (H2 in memory, no security): a read-mostly mix over its REST API
   * under {@code /petclinic/api}. Most requests read one owner with pets and visits (one query with
   * joins, a small JSON body), as a client browsing owners would; lists of vets, pet types and
   * specialties come next; the full owner and pet lists (several kB of JSON and lazy loading) and a
   * search by last name are rarer.
   */
  static AppUnderTest petclinicRest(Path jar) {
    String api = "/petclinic/api/";
    List<String> paths = new ArrayList<>();
    for (int owner = 1; owner <= 10; owner++) {
      paths.add(api + "owners/" + owner);
    }
    for (int pet = 1; pet <= 6; pet++) {
      paths.add(api + "pets/" + pet);
    }
    paths.addAll(List.of(api + "vets", api + "vets", api + "pettypes", api + "pettypes"));
    paths.addAll(List.of(api + "specialties", api + "visits", api + "owners?lastName=Davis"));
    paths.addAll(List.of(api + "owners", api + "pets"));
    return new AppUnderTest(
        "spring-petclinic-rest",
        launcher -> launcher.jar(jar).name("petclinic"),
        "--server.port=",
        api + "vets",
        paths);
  }

  private static UnaryOperator<JvmLauncher> onClassPath(String classPath, Class<?> mainClass) {
    return launcher ->
        launcher
            .classPath(classPath)
            .mainClass(mainClass.getName())
            .name(mainClass.getSimpleName());
  }

  /** A launcher for it with {@code jvmArgs}, listening on {@code port} if it {@link #takesPort}. */
  JvmLauncher launcher(List<String> prefix, List<String> jvmArgs, int port) {
    JvmLauncher launcher =
        target.apply(JvmLauncher.currentJava().commandPrefix(prefix).jvmArgs(jvmArgs));
    return takesPort() ? launcher.appArgs(portArgument + port) : launcher;
  }

  /** Whether the benchmark must give it a port ({@link #portArgument}) rather than read one. */
  boolean takesPort() {
    return portArgument != null;
  }

  RequestMix requests(int port) {
    return new RequestMix(port, requestPaths);
  }

  /**
   * A port nothing listens on now, for an application that {@link #takesPort()}: the kernel's
   * choice of an ephemeral port, released at once. Another process could take it in between; the
   * launch then fails with the application's own error in its log.
   */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
