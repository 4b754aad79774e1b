package io.poolpilot.sidecar.config;

import io.poolpilot.sidecar.capacity.CapacitySettings;
import io.poolpilot.sidecar.decision.TuningSettings;
import io.poolpilot.sidecar.forward.Upstream;
import io.poolpilot.sidecar.model.HistorySettings;
import io.poolpilot.sidecar.model.TraceSettings;
import io.poolpilot.sidecar.node.NodeSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the three sources once, then hands the raw values to one loader per section. The sections
 * are loaded in a fixed order so that, with several bad settings, the one reported is always the
 * same.
 */
final class SidecarConfigLoader {

  private SidecarConfigLoader() {}

  static SidecarConfig load(List<String> args, Map<String, String> env, Consumer<String> warnings) {
    RawSettings raw = SettingSources.read(args, env);
    ListenerSettings listeners = new ListenerSettingsLoader(raw).load(warnings);
    Optional<Upstream> upstream = new UpstreamSettingsLoader(raw).load();
    TraceSettings traces = new TraceSettingsLoader(raw).load();
    HistorySettings history = new HistorySettingsLoader(raw).load();
    TuningSettings tuning = new TuningSettingsLoader(raw).load();
    CapacitySettings capacity = new CapacitySettingsLoader(raw).load();
    CapacityConfigChecks.check(raw, capacity, tuning, warnings);
    NodeSettings node = new NodeSettingsLoader(raw).load();
    return listeners.complete(upstream, traces, history, tuning, capacity, node);
  }
}
