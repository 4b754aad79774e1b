package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.auth.BearerToken;
import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.decision.TuningSettings;
import io.poolpilot.sidecar.forward.Upstream;
import io.poolpilot.sidecar.model.HistorySettings;
import io.poolpilot.sidecar.model.TraceSettings;
import io.poolpilot.sidecar.node.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings outside any section, as {@link ListenerSettingsLoader} reads them first. They wait
 * here for the sections so that {@link SidecarConfig} is built, and checked as a whole, once.
 */
record ListenerSettings(
    String bind,
    int otlpPort,
    int apiPort,
    List<String> allowedHosts,
    boolean console,
    Duration consoleInterval,
    Path dataDir,
    Optional<BearerToken> token,
    Optional<Path> tokenFile,
    Duration instanceExpiry,
    Duration pollInterval) {

  /** The whole configuration: these settings with the sections. */
  SidecarConfig complete(
      Optional<Upstream> upstream,
      TraceSettings traces,
      HistorySettings history,
      TuningSettings tuning,
      CapacitySettings capacity,
      NodeSettings node) {
    return new SidecarConfig(
        bind,
        otlpPort,
        apiPort,
        allowedHosts,
        console,
        consoleInterval,
        dataDir,
        token,
        tokenFile,
        instanceExpiry,
        pollInterval,
        upstream,
        traces,
        history,
        tuning,
        capacity,
        node);
  }
}
