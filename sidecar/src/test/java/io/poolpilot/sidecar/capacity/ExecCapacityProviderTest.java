package io.poolpilot.sidecar.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec provider runs a real script that records the arguments it got, one per line. */
class ExecCapacityProviderTest {

  @TempDir Path dir;
  private ExecCapacityProvider provider;
  private final List<String> warnings = new ArrayList<>();

  @AfterEach
  void close() {
    if (provider != null) {
      provider.close();
    }
  }

  private Path script(String body) throws Exception {
    Path script = dir.resolve("scale.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static CapacityRequest request(String service, OptionalInt desired) {
    return new CapacityRequest(
        Instant.parse("2026-11-27T10:00:00Z"),
        service,
        "pod-a",
        "up",
        1.5,
        desired.isPresent() ? OptionalInt.of(2) : OptionalInt.empty(),
        desired,
        "http: CPU 100%; $(touch /tmp/pwned) `id`",
        "k");
  }

  @Test
  void passesEachArgumentAsItIsWithoutAShell() throws Exception {
    Path args = dir.resolve("args.txt");
    Path script = script("for a in \"$@\"; do echo \"$a\" >> '" + args + "'; done; echo scaled");
    provider =
        new ExecCapacityProvider(
            List.of(
                script.toString(),
                "scale",
                "deployment/{service}",
                "--replicas={replicas}",
                "{reason}"),
            Duration.ofSeconds(30),
            warnings::add);

    ProviderOutcome outcome =
        provider.request(request("orders; rm -rf /", OptionalInt.of(3))).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).startsWith("exit 0 from").endsWith("output: scaled");
    assertThat(Files.readAllLines(args))
        .containsExactly(
            "scale",
            "deployment/orders; rm -rf /",
            "--replicas=3",
            "scale up, demand ratio 1.50: http: CPU 100%; $(touch /tmp/pwned) `id`");
  }

  @Test
  void journalsANonZeroExitWithItsOutput() throws Exception {
    provider =
        new ExecCapacityProvider(
            List.of(script("echo 'error: forbidden' >&2; exit 3").toString()),
            Duration.ofSeconds(30),
            warnings::add);

    ProviderOutcome outcome =
        provider.request(request("orders", OptionalInt.of(3))).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).startsWith("exit 3 from").endsWith("output: error: forbidden");
  }

  @Test
  void killsACommandThatOutlivesItsTimeout() throws Exception {
    provider =
        new ExecCapacityProvider(
            List.of(script("exec sleep 60").toString()), Duration.ofMillis(300), warnings::add);

    ProviderOutcome outcome =
        provider.request(request("orders", OptionalInt.of(3))).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).startsWith("killed after 300 ms");
  }

  @Test
  void doesNotRunATemplateNeedingReplicasWhenTheCountIsUnknown() throws Exception {
    Path marker = dir.resolve("ran");
    provider =
        new ExecCapacityProvider(
            List.of(script("touch '" + marker + "'").toString(), "--replicas={replicas}"),
            Duration.ofSeconds(30),
            warnings::add);

    ProviderOutcome outcome =
        provider.request(request("orders", OptionalInt.empty())).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).contains("replica count is unknown");
    assertThat(marker).doesNotExist();
  }

  @Test
  void saysOncePerServiceThatARequestWasSkippedForAnUnknownCount() throws Exception {
    provider =
        new ExecCapacityProvider(
            List.of(script("exit 0").toString(), "--replicas={replicas}"),
            Duration.ofSeconds(30),
            warnings::add);

    for (int i = 0; i < 3; i++) {
      provider.request(request("orders", OptionalInt.empty())).get(60, TimeUnit.SECONDS);
      provider.request(request("mail", OptionalInt.empty())).get(60, TimeUnit.SECONDS);
    }

    assertThat(warnings)
        .hasSize(2)
        .first()
        .asString()
        .startsWith(
            "capacity: exec did not run for orders (scale up): the command needs {replicas}")
        .contains("set capacity.replicas", "add the kubernetes provider");
    assertThat(warnings.get(1)).startsWith("capacity: exec did not run for mail");
  }

  @Test
  void saysNothingWhenTheCountIsKnownOrTheCommandDoesNotNeedIt() throws Exception {
    provider =
        new ExecCapacityProvider(
            List.of(script("exit 0").toString(), "deployment/{service}"),
            Duration.ofSeconds(30),
            warnings::add);

    ProviderOutcome outcome =
        provider.request(request("orders", OptionalInt.empty())).get(60, TimeUnit.SECONDS);

    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(warnings).isEmpty();
  }
}
