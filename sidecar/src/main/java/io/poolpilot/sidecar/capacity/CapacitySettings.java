package io.poolpilot.sidecar.capacity;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code capacity.*} settings (docs/capacity.md): which providers get requests, the scaling
 * policy, and each provider's own settings.
 *
 * @param providers provider names in the order given, each once: {@code log}, {@code webhook},
 *     {@code exec}, {@code kubernetes}
 */
public record CapacitySettings(
    List<String> providers,
    ScalingPolicy policy,
    Optional<Exec> exec,
    Optional<Webhook> webhook,
    Kubernetes kubernetes) {

  public static final Set<String> PROVIDERS = Set.of("log", "webhook", "exec", "kubernetes");

  /** Requests go to the console only; HPA-like defaults. */
  public static final CapacitySettings DEFAULTS =
      new CapacitySettings(
          List.of("log"),
          ScalingPolicy.DEFAULTS,
          Optional.empty(),
          Optional.empty(),
          Kubernetes.DEFAULTS);

  /** {@code capacity.exec.command} and {@code capacity.exec.timeout}. */
  public record Exec(List<String> command, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Exec {
      command = List.copyOf(command);
      Objects.requireNonNull(timeout, "timeout");
      if (command.isEmpty() || command.get(0).isBlank()) {
        throw new IllegalArgumentException("the command is empty");
      }
    }
  }

  /** {@code capacity.webhook.url}, {@code .secret-file} and {@code .timeout}. */
  public record Webhook(URI url, Path secretFile, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Webhook {
      requireUrl(url);
      Objects.requireNonNull(secretFile, "secretFile");
      Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Checks {@code url} as the constructor does, for settings that read the URL before the rest of
     * the webhook.
     *
     * @return {@code url}
     * @throws IllegalArgumentException unless an http or https URL with a host
     */
    public static URI requireUrl(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme();
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw new IllegalArgumentException("url " + url + " is not an http or https URL");
      }
      return url;
    }
  }

  /**
   * {@code capacity.kubernetes.*}: all optional. Namespace from the service account (in a pod) or
   * the kubeconfig's context; workload named like the service; identity the pod's name ({@code
   * POD_NAME}, else {@code HOSTNAME}).
   */
  public record Kubernetes(
      Optional<String> namespace,
      KubernetesTarget.Kind kind,
      Optional<String> name,
      Optional<String> lease,
      Optional<String> identity,
      Optional<Path> kubeconfig) {
    public static final Kubernetes DEFAULTS =
        new Kubernetes(
            Optional.empty(),
            KubernetesTarget.Kind.DEPLOYMENT,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    public Kubernetes {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(kubeconfig, "kubeconfig");
    }
  }

  public CapacitySettings {
    providers = List.copyOf(providers);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(exec, "exec");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(kubernetes, "kubernetes");
    for (String provider : providers) {
      if (!PROVIDERS.contains(provider)) {
        throw new IllegalArgumentException(
            "unknown provider '" + provider + "', expected log, webhook, exec or kubernetes");
      }
    }
    if (providers.contains("exec") && exec.isEmpty()) {
      throw new IllegalArgumentException("provider exec needs capacity.exec.command");
    }
    if (providers.contains("webhook") && webhook.isEmpty()) {
      throw new IllegalArgumentException(
          "provider webhook needs capacity.webhook.url and capacity.webhook.secret-file");
    }
  }
}
