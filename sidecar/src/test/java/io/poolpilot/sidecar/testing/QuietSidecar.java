package io.poolpilot.sidecar.testing;

import static io.poolpilot.sidecar.testing.Http.await;

import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A whole sidecar in the test's Vert.x: free ports, the test's data directory and token, silent.
 */
public final class QuietSidecar {
  private QuietSidecar() {}

  /** Started on the system clock. */
  public static Sidecar start(Vertx vertx, Path dataDir, String token) {
    return start(vertx, dataDir, token, Clock.systemUTC());
  }

  public static Sidecar start(Vertx vertx, Path dataDir, String token, Clock clock) {
    return await(
        Sidecar.start(
            vertx,
            SidecarConfig.DEFAULTS.withPorts(0, 0).withDataDir(dataDir).withToken(token),
            new PrintStream(OutputStream.nullOutputStream()),
            clock));
  }
}
