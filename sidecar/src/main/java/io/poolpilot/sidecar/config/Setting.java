package io.poolpilot.sidecar.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting the sidecar knows, under the three spellings design.md promises: the YAML key
 * ({@code otlp.port}, or nested {@code otlp: {port: ...}}), the flag ({@code --otlp-port}) and the
 * environment variable ({@code POOLPILOT_SIDECAR_OTLP_PORT}). Public so that {@code --help} can
 * list them; how they are read stays inside this package.
 */
public enum Setting {
  BIND("bind", "a host name or IP address to listen on, such as 127.0.0.1"),
  OTLP_PORT("otlp.port", "a port number from 0 to 65535 (0 picks a free port)"),
  API_PORT("api.port", "a port number from 0 to 65535 (0 picks a free port)"),
  ALLOWED_HOSTS(
      "allowed.hosts",
      "host names separated by commas (in YAML also a list), without scheme or port, such as"
          + " orders.shop.svc,orders; * allows any",
      Trait.LIST),
  CONSOLE("console", "true or false"),
  CONSOLE_INTERVAL("console.interval", "a positive duration such as 500ms, 5s or 1m"),
  DATA_DIR("data.dir", "a directory the sidecar may create and write its journal in"),
  TOKEN("token", "a token of printable ASCII characters without spaces", Trait.SECRET),
  TOKEN_FILE(
      "token.file",
      "a file path: the token is read from it if it exists, else generated and written there"),
  INSTANCE_EXPIRY(
      "instance.expiry",
      "a positive duration such as 30s or 2m, longer than control.poll-interval"),
  CONTROL_POLL_INTERVAL("control.poll-interval", "a duration from 1s to 60s such as 1s or 1500ms"),
  UPSTREAM_ENDPOINT(
      "upstream.endpoint",
      "an OTLP/HTTP base URL such as http://collector:4318 (the sidecar adds /v1/metrics,"
          + " /v1/traces or /v1/logs), without query or fragment"),
  UPSTREAM_HEADERS(
      "upstream.headers",
      "headers as name=value pairs separated by commas, values percent-encoded, such as"
          + " api-key=KEY,x-scope-orgid=team%2Da (in YAML also a mapping); not Content-Type,"
          + " Content-Encoding, Content-Length, Host or Transfer-Encoding",
      Trait.SECRET),
  UPSTREAM_BUFFER(
      "upstream.buffer", "a size from 64KiB to 1GiB such as 16MiB, 512KiB or 1048576 (bytes)"),
  TRACES_BUFFER(
      "traces.buffer",
      "a size from 64KiB to 1GiB such as 8MiB, 512KiB or 1048576 (bytes): the spans the trace view"
          + " holds"),
  TRACES_PER_SECOND(
      "traces.per-second",
      "a whole number from 1: the spans starting a trace that the trace view keeps each second"),
  HISTORY_FULL_RESOLUTION(
      "history.full-resolution",
      "a duration from 10s to 2m such as 30s: how long each pool's history keeps one sample per"
          + " export before 10-second aggregates"),
  TUNING_MODE("tuning.mode", "auto, recommend or off"),
  TUNING_INCLUDE(
      "tuning.include",
      "pool names separated by commas (in YAML also a list), such as orders-pool,mail-sender",
      Trait.LIST),
  TUNING_REQUEST_FLOOR(
      "tuning.request-floor",
      "a whole number from 1: the fewest threads the tuner leaves a pool that serves requests"),
  TUNING_FLOORS(
      "tuning.floors",
      "pool=threads pairs separated by commas (in YAML also a list), each pool once, threads a"
          + " whole number from 1, such as http-nio-8080-exec-*=4,orders-pool=1",
      Trait.LIST),
  CAPACITY_PROVIDERS(
      "capacity.providers",
      "provider names separated by commas (in YAML also a list), each once, from log, webhook,"
          + " exec and kubernetes",
      Trait.LIST),
  CAPACITY_REPLICAS(
      "capacity.replicas",
      "the service's replica count, a whole number from 1 (where no provider reads it)"),
  CAPACITY_MIN_REPLICAS("capacity.min-replicas", "a whole number from 1"),
  CAPACITY_MAX_REPLICAS(
      "capacity.max-replicas", "a whole number from 1, not below capacity.min-replicas"),
  CAPACITY_TARGET_UTILIZATION(
      "capacity.target-utilization", "a fraction above 0 and at most 1, such as 0.8"),
  CAPACITY_SCALE_DOWN_WINDOW(
      "capacity.scale-down-window", "a positive duration such as 5m or 300s"),
  CAPACITY_CHANGE_WINDOW("capacity.change-window", "a positive duration such as 60s or 2m"),
  CAPACITY_EXEC_COMMAND(
      "capacity.exec.command",
      "a command: in YAML a list of arguments, as a flag or variable arguments separated by"
          + " spaces, such as kubectl scale deployment/{service} --replicas={replicas}",
      Trait.LIST),
  CAPACITY_EXEC_TIMEOUT("capacity.exec.timeout", "a positive duration such as 30s"),
  CAPACITY_WEBHOOK_URL("capacity.webhook.url", "an http or https URL such as https://ops/scale"),
  CAPACITY_WEBHOOK_SECRET_FILE(
      "capacity.webhook.secret-file", "a file holding the webhook's shared HMAC secret"),
  CAPACITY_WEBHOOK_TIMEOUT("capacity.webhook.timeout", "a positive duration such as 10s"),
  CAPACITY_KUBERNETES_NAMESPACE(
      "capacity.kubernetes.namespace", "a Kubernetes namespace name such as shop"),
  CAPACITY_KUBERNETES_KIND("capacity.kubernetes.kind", "deployment or statefulset"),
  CAPACITY_KUBERNETES_NAME(
      "capacity.kubernetes.name", "the Deployment's or StatefulSet's name (default: the service)"),
  CAPACITY_KUBERNETES_LEASE(
      "capacity.kubernetes.lease", "a Lease name (default: poolpilot-<workload>)"),
  CAPACITY_KUBERNETES_IDENTITY(
      "capacity.kubernetes.identity",
      "this sidecar's name in the Lease, unique per pod (default: POD_NAME, else HOSTNAME)"),
  CAPACITY_KUBERNETES_KUBECONFIG(
      "capacity.kubernetes.kubeconfig",
      "a kubeconfig file (default: the pod's service account, else ~/.kube/config)"),
  NODE_SERVICES(
      "node.services",
      "name=class entries separated by commas, class critical, standard or batch, each optionally"
          + " followed by :weight=N and :objective=D, such as"
          + " service-b=critical:objective=200ms,service-a=batch (in YAML also a mapping)");

  static final String ENV_PREFIX = "POOLPILOT_SIDECAR_";

  /** What a setting is besides its key and syntax, declared beside it so no other list drifts. */
  enum Trait {
    /** YAML may give it as a list; it is read with {@link RawSettings#parseList}. */
    LIST,
    /** Error messages must not repeat its value. */
    SECRET
  }

  private final String key;
  private final String expected;
  private final Set<Trait> traits;

  Setting(String key, String expected, Trait... traits) {
    this.key = key;
    this.expected = expected;
    this.traits = traits.length == 0 ? Set.of() : EnumSet.copyOf(List.of(traits));
  }

  /** Whether YAML may give the value as a list. */
  boolean acceptsList() {
    return traits.contains(Trait.LIST);
  }

  /** Whether error messages must not repeat the value. */
  boolean secret() {
    return traits.contains(Trait.SECRET);
  }

  public String key() {
    return key;
  }

  /** What a valid value looks like, for error messages. */
  public String expected() {
    return expected;
  }

  public String flag() {
    return "--" + key.replace('.', '-');
  }

  public String envVar() {
    return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  static Optional<Setting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  static Optional<Setting> byFlag(String flag) {
    return Arrays.stream(values()).filter(s -> s.flag().equals(flag)).findFirst();
  }

  static Optional<Setting> byEnvVar(String name) {
    return Arrays.stream(values()).filter(s -> s.envVar().equals(name)).findFirst();
  }
}
