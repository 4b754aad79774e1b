package io.poolpilot.protocol.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The control messages of {@code docs/protocol.md} twice over: as JSON files (the {@code golden/}
 * resources beside this class) and as the records they stand for. The agent's codec must write each
 * golden report's record as its JSON and read each golden state's JSON as its record; the sidecar's
 * codec must do the opposite. So if the two sides' views of any message differ, one of their tests
 * fails. Shipped in this module's test jar for both sides' tests.
 */
public final class GoldenMessages {
  private GoldenMessages() {}

  /** One golden message: its JSON file and the record it stands for. */
  public record Golden<T>(String file, T message) {
    /** The file's JSON text. */
    public String json() {
      String resource = "golden/" + file;
      try (InputStream in = GoldenMessages.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no golden message " + resource);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The agent's report of {@code docs/protocol.md}: a tunable pool, a refused one, results. */
  public static final Golden<AgentReport> AGENT_REPORT =
      new Golden<>(
          "agent-report.json",
          new AgentReport(
              new AgentIdentity("orders", "8c0f6f2e-5a41-4d0e-9a39-0d4c1f6b7e21", "0.1.0", "tune"),
              118,
              1764226800123L,
              "5d41402abc4b2a76",
              List.of(
                  new ReportedPool("orders-*", 4, 16, 2, 16, true, Optional.empty()),
                  new ReportedPool(
                      "ticker-*",
                      1,
                      Integer.MAX_VALUE,
                      1,
                      Integer.MAX_VALUE,
                      false,
                      Optional.of("a scheduled pool is never resized"))),
              List.of(
                  new ApplyResult("orders-*", true, 4, 16, ""),
                  new ApplyResult("billing-*", false, 2, 2, "no live pool by this name"))));

  /** The first report of a JVM in observe mode: sequence 1, nothing applied yet. */
  public static final Golden<AgentReport> FIRST_AGENT_REPORT =
      new Golden<>(
          "agent-report-first.json",
          new AgentReport(
              new AgentIdentity(
                  "billing", "1b7e0c52-93b0-4a57-8f7e-3c0e3d0f9a10", "0.1.0", "observe"),
              1,
              0,
              "",
              List.of(
                  new ReportedPool(
                      "http-nio-8080-exec-*", 10, 200, 10, 200, true, Optional.empty())),
              List.of()));

  /** The sidecar's answer of {@code docs/protocol.md}, with two pools. */
  public static final Golden<DesiredState> DESIRED_STATE =
      new Golden<>(
          "desired-state.json",
          state(
              1764226800456L,
              List.of(new DesiredPool("orders-*", 6, 16), new DesiredPool("billing-*", 2, 4)),
              Duration.ofSeconds(1)));

  /** An answer that gives every pool back its application's sizes, polled every 1.5 s. */
  public static final Golden<DesiredState> EMPTY_DESIRED_STATE =
      new Golden<>("desired-state-empty.json", state(42, List.of(), Duration.ofMillis(1500)));

  public static List<Golden<AgentReport>> agentReports() {
    return List.of(AGENT_REPORT, FIRST_AGENT_REPORT);
  }

  public static List<Golden<DesiredState>> desiredStates() {
    return List.of(DESIRED_STATE, EMPTY_DESIRED_STATE);
  }

  private static DesiredState state(long version, List<DesiredPool> desired, Duration poll) {
    return new DesiredState(version, DesiredStateHash.of(desired), desired, Optional.of(poll));
  }
}
