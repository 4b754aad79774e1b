package io.poolpilot.agent.it;

import io.poolpilot.agent.it.app.EarlyPoolAgent;
import io.poolpilot.agent.it.app.NamedThreadFactory;
import io.poolpilot.agent.it.app.ObservedPool;
import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link PoolsApp} on {@value #CPUS} processors under the agent, exporting every 200 ms to its own
 * receiver, with {@link EarlyPoolAgent} given first so that one pool predates the agent. Started,
 * it has printed {@code workload done}.
 */
final class PoolsAppUnderAgent implements AutoCloseable {
  static final String SERVICE_NAME = "pools-app";
  static final int CPUS = 3;

  final OtlpReceiver receiver;
  final LaunchedJvm app;

  private PoolsAppUnderAgent(OtlpReceiver receiver, LaunchedJvm app) {
    this.receiver = receiver;
    this.app = app;
  }

  static PoolsAppUnderAgent start(Path workDir) throws IOException {
    OtlpReceiver receiver = OtlpReceiver.start();
    LaunchedJvm app = null;
    try {
      Path earlyAgent =
          PremainJar.write(
              workDir.resolve("early-pool-agent.jar"),
              EarlyPoolAgent.class,
              ObservedPool.class,
              NamedThreadFactory.class);
      app =
          JvmLauncher.underAgent(PoolsApp.class)
              .jvmArgs("-XX:ActiveProcessorCount=" + CPUS)
              .agentBefore(earlyAgent)
              .agentArgs(
                  "endpoint="
                      + receiver.endpoint()
                      + ",export.interval=200ms,service.name="
                      + SERVICE_NAME)
              .start();
      app.awaitStdoutLine("workload done", Duration.ofSeconds(60));
      return new PoolsAppUnderAgent(receiver, app);
    } catch (IOException | RuntimeException | Error e) {
      if (app != null) {
        app.close();
      }
      receiver.close();
      throw e;
    }
  }

  /** Asks the application to stop, waits for it, and releases the port. */
  @Override
  public void close() {
    try (receiver;
        app) {
      app.sendLine("stop");
      app.awaitExit(Duration.ofSeconds(30));
    }
  }
}
