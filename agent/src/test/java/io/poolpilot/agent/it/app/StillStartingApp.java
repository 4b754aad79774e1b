package io.poolpilot.agent.it.app;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An application that is still starting, as the agent sees it, while it already serves: it loads
 * classes by the hundred, as a framework does while it starts, until a line {@code quiet} on stdin.
 * Meanwhile it serves {@code /hello} from a pool of {@code early-http-} threads and has run {@link
 * #EARLY_TASKS} tasks on a pool of {@code early-work-} threads. Prints {@code listening <port>},
 * {@code quiet} once it stops loading, and stops on a second line on stdin.
 */
public final class StillStartingApp {
  public static final int EARLY_TASKS = 5;
  private static final int CLASSES_PER_BATCH = 100;

  private StillStartingApp() {}

  public static void main(String[] args) throws Exception {
    ThreadPoolExecutor work =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedThreadFactory("early-work-"));
    for (int i = 0; i < EARLY_TASKS; i++) {
      work.submit(() -> {}).get();
    }
    ThreadPoolExecutor requests =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedThreadFactory("early-http-"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(requests);
    server.createContext("/hello", exchange -> HttpServerApp.respond(exchange, 200, "hello"));

    byte[] classFile = classFileOf(Filler.class);
    Thread loader = new Thread(() -> loadClassesUntilInterrupted(classFile), "class-loading");
    loader.setDaemon(true);
    loader.start();
    server.start();
    System.out.println("listening " + server.getAddress().getPort());

    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    stdin.readLine();
    loader.interrupt();
    loader.join();
    System.out.println("quiet");
    stdin.readLine();
    server.stop(0);
    requests.shutdown();
    work.shutdown();
    System.out.println("stopped");
  }

  /**
   * Each copy is a new class to the JVM, passed to every transformer like any class loaded. In
   * batches, so that the rate stays far above the agent's threshold even when a loaded machine lets
   * this thread run only a few times a second.
   */
  private static void loadClassesUntilInterrupted(byte[] classFile) {
    while (!Thread.currentThread().isInterrupted()) {
      for (int i = 0; i < CLASSES_PER_BATCH; i++) {
        new OneClassLoader(classFile).define();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static byte[] classFileOf(Class<?> type) throws Exception {
    try (InputStream in =
        type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** The class copied. */
  public static final class Filler {}

  private static final class OneClassLoader extends ClassLoader {
    private final byte[] classFile;

    OneClassLoader(byte[] classFile) {
      super(null);
      this.classFile = classFile;
    }

    void define() {
      defineClass(Filler.class.getName(), classFile, 0, classFile.length);
    }
  }
}
