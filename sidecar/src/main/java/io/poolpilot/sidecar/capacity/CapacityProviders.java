package io.poolpilot.sidecar.capacity;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the configured providers at start-up; fails naming the setting when one cannot be. */
public final class CapacityProviders {

  /** The webhook's first retry delay in production (docs/capacity.md). */
  public static final Duration WEBHOOK_FIRST_BACKOFF = Duration.ofSeconds(1);

  private CapacityProviders() {}

  /**
   * @param env the process environment, for the pod's name ({@code POD_NAME}, {@code HOSTNAME})
   * @throws IOException naming the setting whose file cannot be read
   */
  public static List<CapacityProvider> create(
      CapacitySettings settings, PrintStream console, Clock clock, Map<String, String> env)
      throws IOException {
    List<CapacityProvider> providers = new ArrayList<>();
    try {
      for (String name : settings.providers()) {
        switch (name) {
          case "log" -> providers.add(new LogCapacityProvider(console));
          case "exec" -> {
            CapacitySettings.Exec exec = settings.exec().orElseThrow();
            providers.add(
                new ExecCapacityProvider(
                    exec.command(),
                    exec.timeout(),
                    warning -> {
                      synchronized (console) {
                        console.println("poolpilot-sidecar: " + warning);
                        console.flush();
                      }
                    }));
          }
          case "webhook" -> {
            CapacitySettings.Webhook webhook = settings.webhook().orElseThrow();
            byte[] secret;
            try {
              secret =
                  Files.readString(webhook.secretFile(), StandardCharsets.UTF_8)
                      .strip()
                      .getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new IOException(
                  "cannot read capacity.webhook.secret-file " + webhook.secretFile() + ": " + e, e);
            }
            if (secret.length == 0) {
              throw new IOException(
                  "capacity.webhook.secret-file "
                      + webhook.secretFile()
                      + " is empty: expected the shared HMAC secret");
            }
            providers.add(
                new WebhookCapacityProvider(
                    webhook.url(), secret, webhook.timeout(), WEBHOOK_FIRST_BACKOFF, clock));
          }
          case "kubernetes" -> providers.add(kubernetes(settings, clock, env));
          default -> throw new IllegalArgumentException("unknown provider " + name);
        }
      }
      return providers;
    } catch (IOException | RuntimeException e) {
      providers.forEach(CapacityProvider::close);
      throw e;
    }
  }

  private static KubernetesCapacityProvider kubernetes(
      CapacitySettings settings, Clock clock, Map<String, String> env) throws IOException {
    CapacitySettings.Kubernetes k8s = settings.kubernetes();
    Config config;
    if (k8s.kubeconfig().isPresent()) {
      try {
        config = Config.fromKubeconfig(Files.readString(k8s.kubeconfig().get()));
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "cannot use capacity.kubernetes.kubeconfig "
                + k8s.kubeconfig().get()
                + ": "
                + e.getMessage(),
            e);
      }
    } else {
      // In a pod: the service account's token, CA and namespace; elsewhere ~/.kube/config.
      config = Config.autoConfigure(null);
    }
    String namespace =
        k8s.namespace().orElse(config.getNamespace() != null ? config.getNamespace() : "default");
    String identity =
        k8s.identity()
            .or(() -> java.util.Optional.ofNullable(env.get("POD_NAME")))
            .or(() -> java.util.Optional.ofNullable(env.get("HOSTNAME")))
            .orElse("poolpilot-sidecar-" + UUID.randomUUID());
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(new JdkHttpClientFactory())
            .build();
    KubernetesTarget target =
        new KubernetesTarget(
            namespace,
            k8s.kind(),
            k8s.name(),
            k8s.lease(),
            identity,
            Duration.ofSeconds(Math.max(1, settings.policy().changeWindow().toSeconds())));
    return new KubernetesCapacityProvider(client, target, settings.policy(), clock);
  }
}
