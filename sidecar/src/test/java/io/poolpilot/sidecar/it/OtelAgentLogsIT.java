package io.poolpilot.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.poolpilot.sidecar.it.app.JulLoggingApp;
import io.poolpilot.testsupport.FailsafeProperties;
import io.poolpilot.testsupport.JvmLauncher;
import io.poolpilot.testsupport.LaunchedJvm;
import io.poolpilot.testsupport.OtlpReceiver;
import io.poolpilot.testsupport.ReceivedRequest;
import io.poolpilot.testsupport.SidecarJvm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenTelemetry Java agent 2.31.1, pointed at a real sidecar process as its only OTLP
 * endpoint (what its defaults do on a host where the sidecar listens on 4318): the logs it captures
 * from {@code java.util.logging} are accepted and reach the sidecar's upstream, where before they
 * got a 404, were lost, and the agent warned about it on every export.
 */
class OtelAgentLogsIT {

  private static final Duration WITHIN = Duration.ofSeconds(120);
  private static final String MESSAGE = "order 42 placed by the logs IT";

  @TempDir Path dir;

  @Test
  void logsOfTheOpenTelemetryAgentReachTheUpstreamThroughTheSidecar() throws IOException {
    Path otelAgent = Path.of(System.getProperty("poolpilot.it.otel-agent"));
    assertThat(otelAgent).as("copied by the build before the integration tests").isRegularFile();
    OtlpReceiver upstream = OtlpReceiver.start();
    SidecarJvm sidecar = null;
    LaunchedJvm app = null;
    try {
      sidecar = startSidecar(upstream);
      app = startApp(otelAgent, sidecar);
      app.awaitStdoutLine("logged", WITHIN);

      List<LogRecord> records =
          await()
              .atMost(WITHIN)
              .until(() -> logRecords(upstream), found -> hasMessage(found, MESSAGE));

      assertThat(records)
          .filteredOn(record -> record.getBody().getStringValue().equals(MESSAGE))
          .first()
          .satisfies(record -> assertThat(record.getSeverityText()).isEqualTo("INFO"));
      assertThat(app.otherStderr())
          .as("the OpenTelemetry agent has no export to complain about")
          .noneMatch(line -> line.contains("Failed to export"));
      assertThat(sidecar.jvm().stdout())
          .as("the sidecar reports no error")
          .noneMatch(OtelAgentLogsIT::looksLikeAnError);
    } finally {
      if (app != null) {
        try {
          app.close();
        } catch (RuntimeException e) {
          e.printStackTrace();
        }
      }
      if (sidecar != null) {
        try {
          sidecar.close();
        } catch (RuntimeException e) {
          e.printStackTrace();
        }
      }
      try {
        upstream.close();
      } catch (RuntimeException e) {
        e.printStackTrace();
      }
    }
  }

  private SidecarJvm startSidecar(OtlpReceiver upstream) throws IOException {
    return SidecarJvm.start(
        List.of(
            "--otlp-port",
            "0",
            "--api-port",
            "0",
            "--data-dir",
            dir.toString(),
            "--token",
            "it-token",
            "--upstream-endpoint",
            upstream.endpoint()),
        WITHIN);
  }

  /**
   * The application under the OpenTelemetry agent alone, configured as a user following the agent's
   * documentation would: environment variables only, with a short log batch delay so the record
   * goes out at once rather than after the default second.
   */
  private static LaunchedJvm startApp(Path otelAgent, SidecarJvm sidecar) throws IOException {
    return JvmLauncher.java(FailsafeProperties.java())
        .agent(otelAgent)
        .classPath(FailsafeProperties.testClasses().toString())
        .mainClass(JulLoggingApp.class.getName())
        .appArgs(MESSAGE)
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + sidecar.otlpPort())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .env("OTEL_LOGS_EXPORTER", "otlp")
        .env("OTEL_BLRP_SCHEDULE_DELAY", "200")
        .env("OTEL_SERVICE_NAME", "jul-app")
        .name("jul-app")
        .start();
  }

  private static boolean hasMessage(List<LogRecord> records, String message) {
    return records.stream().anyMatch(record -> record.getBody().getStringValue().equals(message));
  }

  /** Every log record the upstream received so far, decoded from the bodies as forwarded. */
  private static List<LogRecord> logRecords(OtlpReceiver upstream) {
    List<LogRecord> records = new ArrayList<>();
    for (ReceivedRequest request : upstream.requests(OtlpReceiver.LOGS_PATH)) {
      ExportLogsServiceRequest export = decode(request);
      for (ResourceLogs resource : export.getResourceLogsList()) {
        for (ScopeLogs scope : resource.getScopeLogsList()) {
          records.addAll(scope.getLogRecordsList());
        }
      }
    }
    return records;
  }

  private static ExportLogsServiceRequest decode(ReceivedRequest request) {
    try (InputStream body =
        "gzip".equalsIgnoreCase(request.header("Content-Encoding"))
            ? new GZIPInputStream(new ByteArrayInputStream(request.body()))
            : new ByteArrayInputStream(request.body())) {
      return ExportLogsServiceRequest.parseFrom(body);
    } catch (IOException e) {
      throw new UncheckedIOException("the upstream got a logs body that is not OTLP", e);
    }
  }

  private static boolean looksLikeAnError(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    return lower.contains("error") || lower.contains("exception") || lower.contains("cannot");
  }
}
