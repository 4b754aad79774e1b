package io.poolpilot.sidecar;

import io.poolpilot.sidecar.config.Setting;
import io.poolpilot.sidecar.config.SettingText;
import io.poolpilot.sidecar.config.SidecarConfig;
import io.poolpilot.sidecar.config.SidecarConfigException;
import io.poolpilot.sidecar.forward.Upstream;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar poolpilot-sidecar.jar [--config sidecar.yaml] [--flag value ...]}. Exits with 2
 * on bad configuration and 1 when a port cannot be bound or the data directory or token file cannot
 * be used, before doing anything else; once up it prints one line with both addresses (scripts read
 * the ports from it when they asked for port 0), the journal file and where the API token is
 * ({@code token-file=<path>}, or {@code token=configured}), and runs until the JVM is told to stop.
 */
public final class SidecarMain {

  private static final String NAME = "poolpilot-sidecar";

  private SidecarMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help")) {
      System.out.print(usage());
      return;
    }
    SidecarConfig config;
    try {
      config =
          SidecarConfig.load(
              List.of(args), System.getenv(), warning -> System.out.println(NAME + ": " + warning));
    } catch (SidecarConfigException e) {
      System.err.println(NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = SidecarVertx.create();
    Sidecar sidecar;
    try {
      sidecar =
          Sidecar.start(vertx, config, System.out)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      System.err.println(NAME + ": cannot start: " + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println(NAME + ": unclean shutdown: " + e);
                  }
                },
                NAME + "-shutdown"));
    System.out.println(
        NAME
            + " listening: otlp=http://"
            + config.bind()
            + ":"
            + sidecar.otlpPort()
            + " api=http://"
            + config.bind()
            + ":"
            + sidecar.apiPort()
            + " journal="
            + sidecar.journalFile().toAbsolutePath().normalize()
            + " "
            + sidecar.tokenFile().map(file -> "token-file=" + file).orElse("token=configured"));
  }

  private static String usage() {
    StringBuilder out = new StringBuilder();
    out.append("usage: java -jar poolpilot-sidecar.jar [--config file.yaml] [flags]\n");
    out.append("flags (each also POOLPILOT_SIDECAR_<KEY> or a key in the YAML file):\n");
    SidecarConfig defaults = SidecarConfig.DEFAULTS;
    for (Setting setting : Setting.values()) {
      out.append(String.format("  %-20s %s%n", setting.flag(), setting.expected()));
    }
    out.append(
        String.format(
            "defaults: bind=%s otlp.port=%d api.port=%d allowed.hosts=none console=%s"
                + " console.interval=%s"
                + " data.dir=%s token.file=<data.dir>/%s instance.expiry=%s"
                + " control.poll-interval=%s upstream.endpoint=none upstream.buffer=%s%n",
            defaults.bind(),
            defaults.otlpPort(),
            defaults.apiPort(),
            defaults.console(),
            SettingText.duration(defaults.consoleInterval()),
            defaults.dataDir(),
            SidecarConfig.TOKEN_FILE_NAME,
            SettingText.duration(defaults.instanceExpiry()),
            SettingText.duration(defaults.pollInterval()),
            SettingText.bytes(Upstream.DEFAULT_BUFFER_BYTES)));
    out.append(
        "without a token setting, the token is read from token.file, or generated into it on the"
            + " first start. Configured or not, API writes and every control message need it, and"
            + " OTLP exports steer pools only when they carry it with the agent's session. As a flag the token shows in ps: prefer "
            + Setting.TOKEN.envVar()
            + " or a token file.\n");
    return out.toString();
  }
}
