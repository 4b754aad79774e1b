package io.poolpilot.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenTelemetryAgentPresenceTest {
  @TempDir Path dir;

  private Path agentJar(String name, String premainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), premainClass);
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream unused = new JarOutputStream(out, manifest)) {
      // the manifest is all an agent jar needs here
    }
    return jar;
  }

  @Test
  void readsTheJarOfEveryJavaagentOption() {
    assertThat(
            OpenTelemetryAgentPresence.agentJars(
                List.of(
                    "-Xmx1g",
                    "-javaagent:/opt/poolpilot-agent.jar=endpoint=http://a:1",
                    "-javaagent:/otel-auto-instrumentation-java/javaagent.jar",
                    "-jar",
                    "app.jar")))
        .containsExactly(
            "/opt/poolpilot-agent.jar", "/otel-auto-instrumentation-java/javaagent.jar");
  }

  @Test
  void tellsTheOpenTelemetryAgentByItsPremainClassWhateverTheJarIsCalled() throws IOException {
    Path renamed = agentJar("javaagent.jar", "io.opentelemetry.javaagent.OpenTelemetryAgent");
    Path other = agentJar("opentelemetry-lookalike.jar", "com.acme.Agent");

    assertThat(OpenTelemetryAgentPresence.isOpenTelemetryAgent(renamed.toString())).isTrue();
    assertThat(OpenTelemetryAgentPresence.isOpenTelemetryAgent(other.toString())).isFalse();
    assertThat(OpenTelemetryAgentPresence.isOpenTelemetryAgent(dir.resolve("gone.jar").toString()))
        .isFalse();
  }
}
