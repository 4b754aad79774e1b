package io.poolpilot.sidecar;

import static io.poolpilot.sidecar.testing.ControlFixture.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.auth.AgentSessions;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.model.LiveModel;
import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolReport;
import io.poolpilot.sidecar.model.PoolValue;
import io.poolpilot.sidecar.model.RouteModel;
import io.poolpilot.sidecar.model.TraceBuffer;
import io.poolpilot.sidecar.testing.ControlFixture;
import io.poolpilot.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceExpiryVerticleTest {

  @TempDir Path dir;

  @Test
  void logsEachSilentInstanceOnceWhenItIsForgotten() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ControlFixture fixture = new ControlFixture(dir, clock)) {
      fixture.control.poll(report("orders", "i-1", 1, 0, "orders-*", "io-*"));
      fixture.model.record(
          new PoolReport(
              new PoolKey("otel-only", "j-1", "pool-*"),
              1,
              Map.of(PoolValue.CORE, 2.0),
              Optional.empty()));
      AgentSessions sessions = new AgentSessions();
      InstanceKey agent = new InstanceKey("orders", "i-1");
      sessions.bind(agent, "s".repeat(32));
      InstanceExpiryVerticle expiry =
          new InstanceExpiryVerticle(
              new LiveModel(fixture.model, new RouteModel(), new TraceBuffer(), fixture.processes),
              fixture.control,
              sessions,
              Duration.ofMinutes(2),
              new PrintStream(out, true, StandardCharsets.UTF_8));

      clock.advance(Duration.ofMinutes(1));
      assertThat(expiry.sweep()).isEmpty();
      clock.advance(Duration.ofMinutes(2));
      assertThat(expiry.sweep()).hasSize(2);
      assertThat(expiry.sweep()).isEmpty();

      assertThat(fixture.model.instances()).isEmpty();
      assertThat(fixture.model.snapshots()).isEmpty();
      assertThat(fixture.control.agents()).isEmpty();
      assertThat(fixture.control.lastIssued(new InstanceKey("orders", "i-1"))).isEmpty();
      assertThat(fixture.loops.instances()).as("the decision loop went too").isEmpty();
      assertThat(sessions.isBound(agent))
          .as("a process of that id must prove itself again")
          .isFalse();
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "poolpilot-sidecar: instance orders/i-1 stopped reporting 180s ago"
                + " (instance.expiry 120s); forgot it and its 2 pools\n"
                + "poolpilot-sidecar: instance otel-only/j-1 stopped reporting 180s ago"
                + " (instance.expiry 120s); forgot it and its 1 pool\n");
  }

  @Test
  void checksAQuarterOfTheExpiryWithinBounds() {
    assertThat(InstanceExpiryVerticle.checkEvery(Duration.ofMinutes(2)))
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(InstanceExpiryVerticle.checkEvery(Duration.ofSeconds(20)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(InstanceExpiryVerticle.checkEvery(Duration.ofMillis(200)))
        .isEqualTo(Duration.ofMillis(100));
  }
}
