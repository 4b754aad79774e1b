package io.poolpilot.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.config.ExportSettings.Signal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The standard {@code otel.*} / {@code OTEL_*} settings as the agent's weakest source. */
class OtelEnvironmentTest {
  private static final URI SIDECAR = URI.create("http://sidecar.internal:4318");

  private final Properties properties = new Properties();
  private final Map<String, String> environment = new HashMap<>();
  private final List<String> said = new ArrayList<>();
  private final AtomicInteger agentLookups = new AtomicInteger();
  private boolean otelAgentAttached;

  private AgentConfig load(String agentArgs) {
    return new AgentConfigLoader(
            agentArgs,
            properties,
            environment,
            said::add,
            () -> {
              agentLookups.incrementAndGet();
              return otelAgentAttached;
            })
        .load();
  }

  private AgentConfig load() {
    return load(null);
  }

  private long saidContaining(String text) {
    return said.stream().filter(line -> line.contains(text)).count();
  }

  @Test
  void otlpEndpointNamesTheSidecarWhenPoolPilotGivesNone() {
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", SIDECAR.toString());

    AgentConfig config = load();

    assertThat(config.endpoint()).isEqualTo(SIDECAR);
    assertThat(config.endpointPath("/v1/metrics"))
        .isEqualTo(URI.create("http://sidecar.internal:4318/v1/metrics"));
    assertThat(said).isEmpty();
  }

  @Test
  void otlpEndpointKeepsItsPathPrefix() {
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "https://gateway:443/otlp/");

    assertThat(load().endpointPath("/v1/metrics"))
        .isEqualTo(URI.create("https://gateway:443/otlp/v1/metrics"));
  }

  @Test
  void everyPoolPilotSourceWinsOverTheOtlpEndpoint() {
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", SIDECAR.toString());
    properties.setProperty("otel.exporter.otlp.endpoint", SIDECAR.toString());

    assertThat(load("endpoint=http://a:1").endpoint()).isEqualTo(URI.create("http://a:1"));
    properties.setProperty("poolpilot.endpoint", "http://b:2");
    assertThat(load().endpoint()).isEqualTo(URI.create("http://b:2"));
    properties.remove("poolpilot.endpoint");
    environment.put("POOLPILOT_ENDPOINT", "http://c:3");
    assertThat(load().endpoint()).isEqualTo(URI.create("http://c:3"));
    assertThat(said).isEmpty();
  }

  @Test
  void otelSystemPropertyWinsOverTheVariable() {
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4318");
    properties.setProperty("otel.exporter.otlp.endpoint", "http://from-property:4318");

    assertThat(load().endpoint()).isEqualTo(URI.create("http://from-property:4318"));
  }

  @Test
  void badOtlpEndpointIsReportedOnceNamingTheVariableAndTheDefaultIsUsed() {
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "sidecar:4318");

    assertThat(load().endpoint()).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThat(said)
        .containsExactly(
            "bad value for OTEL_EXPORTER_OTLP_ENDPOINT: 'sidecar:4318'; expected an http:// or"
                + " https:// URL with a host; using the default http://127.0.0.1:4318");
  }

  @Test
  void badOtlpEndpointIsNotReportedWherePoolPilotsEndpointIsUsed() {
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "sidecar:4318");

    load("endpoint=http://a:1");

    assertThat(said).isEmpty();
  }

  @Test
  void serviceNameAndResourceAttributesAlsoComeFromSystemProperties() {
    environment.put("OTEL_SERVICE_NAME", "from-env");
    properties.setProperty("otel.service.name", "from-property");
    properties.setProperty("otel.resource.attributes", "deployment.environment.name=prod");

    AgentConfig config = load();

    assertThat(config.serviceName()).isEqualTo("from-property");
    assertThat(config.resourceAttributes())
        .containsExactly(Map.entry("deployment.environment.name", "prod"));
  }

  @Test
  void headersAreSentWithBothSignalsPercentDecoded() {
    environment.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%2Cb%3D+c, X-Tenant = blue ");

    ExportSettings export = load().export();

    Map<String, String> expected = Map.of("api-key", "a,b=+c", "X-Tenant", "blue");
    assertThat(export.metrics().headers()).isEqualTo(expected);
    assertThat(export.traces().headers()).isEqualTo(expected);
    assertThat(said).isEmpty();
  }

  @Test
  void perSignalHeadersReplaceTheGeneralOnes() {
    environment.put("OTEL_EXPORTER_OTLP_HEADERS", "general=1");
    environment.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "traces=2");
    properties.setProperty("otel.exporter.otlp.metrics.headers", "metrics=3");

    ExportSettings export = load().export();

    assertThat(export.traces().headers()).containsExactly(Map.entry("traces", "2"));
    assertThat(export.metrics().headers()).containsExactly(Map.entry("metrics", "3"));
  }

  @Test
  void headerValuesNeverShowInTheConfigurationOrInAnyReport() {
    environment.put(
        "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cret-one,Bearer s3cret-two,x-bad=%zz-s3cret");

    AgentConfig config = load();

    assertThat(config.export().metrics().headers()).containsOnlyKeys("api-key");
    assertThat(config.toString()).contains("api-key").doesNotContain("s3cret");
    assertThat(said).hasSize(2).noneMatch(line -> line.contains("s3cret"));
    assertThat(said.get(0)).startsWith("bad entry in OTEL_EXPORTER_OTLP_HEADERS: entry 2");
    assertThat(said.get(1)).contains("entry 3").contains("'x-bad'");
  }

  @Test
  void headersPoolPilotSendsItselfAreDroppedAndSaidOnce() {
    environment.put(
        "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer other,PoolPilot-Session=x,k=v");

    ExportSettings export = load().export();

    assertThat(export.metrics().headers()).containsOnlyKeys("k");
    assertThat(export.traces().headers()).containsOnlyKeys("k");
    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("OTEL_EXPORTER_OTLP_HEADERS sets PoolPilot-Session, authorization")
        .contains("token.file")
        .doesNotContain("Bearer other");
  }

  @Test
  void gzipCompressionPerSignalOrForBoth() {
    environment.put("OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP");
    environment.put("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "none");

    ExportSettings export = load().export();

    assertThat(export.metrics().gzip()).isTrue();
    assertThat(export.traces().gzip()).isFalse();
    assertThat(said).isEmpty();
  }

  @Test
  void unknownCompressionIsReportedOnceAndNoneUsed() {
    environment.put("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd");

    ExportSettings export = load().export();

    assertThat(export.metrics().gzip()).isFalse();
    assertThat(export.traces().gzip()).isFalse();
    assertThat(said)
        .containsExactly(
            "bad value for OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd'; expected gzip or none;"
                + " sending uncompressed");
  }

  @Test
  void metricExportIntervalUpToTenSecondsIsHonoured() {
    environment.put("OTEL_METRIC_EXPORT_INTERVAL", "500");
    assertThat(load().exportInterval()).isEqualTo(Duration.ofMillis(500));

    environment.put("OTEL_METRIC_EXPORT_INTERVAL", "10000");
    assertThat(load().exportInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(said).isEmpty();
  }

  @Test
  void theSdksMinuteLongIntervalWouldStarveTheControlLoopAndIsNotHonoured() {
    environment.put("OTEL_METRIC_EXPORT_INTERVAL", "60000");

    assertThat(load().exportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("OTEL_METRIC_EXPORT_INTERVAL=60000 is not honoured")
        .contains("starve")
        .contains("set export.interval");
  }

  @Test
  void poolPilotsExportIntervalWinsSilently() {
    environment.put("OTEL_METRIC_EXPORT_INTERVAL", "60000");
    environment.put("POOLPILOT_EXPORT_INTERVAL", "2s");

    assertThat(load().exportInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(said).isEmpty();
  }

  @Test
  void intervalBelowOneHundredMillisecondsOrNotANumberIsABadValue() {
    environment.put("OTEL_METRIC_EXPORT_INTERVAL", "50");
    assertThat(load().exportInterval()).isEqualTo(Duration.ofSeconds(1));
    environment.put("OTEL_METRIC_EXPORT_INTERVAL", "5s");
    assertThat(load().exportInterval()).isEqualTo(Duration.ofSeconds(1));

    assertThat(said)
        .containsExactly(
            "bad value for OTEL_METRIC_EXPORT_INTERVAL: '50'; expected milliseconds from 100 to"
                + " 10000; using the default 1s",
            "bad value for OTEL_METRIC_EXPORT_INTERVAL: '5s'; expected milliseconds from 100 to"
                + " 10000; using the default 1s");
  }

  @Test
  void sdkDisabledTurnsEveryExportOffAndSaysWhatThatCosts() {
    environment.put("OTEL_SDK_DISABLED", "TRUE");
    environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");

    AgentConfig config = load();

    assertThat(config.export().enabled()).isFalse();
    assertThat(config.export().spans()).isFalse();
    assertThat(config.enabled()).as("the agent and its control channel still run").isTrue();
    assertThat(said)
        .as("settings of an export that does not happen are moot")
        .singleElement()
        .asString()
        .startsWith("OTEL_SDK_DISABLED=TRUE: PoolPilot exports no metrics and no spans")
        .contains("cannot tune this service without telemetry");
  }

  @Test
  void sdkDisabledFalseOrAbsentExports() {
    assertThat(load().export()).isEqualTo(ExportSettings.DEFAULT);
    environment.put("OTEL_SDK_DISABLED", "false");
    assertThat(load().export().enabled()).isTrue();
    environment.put("OTEL_SDK_DISABLED", "yes");
    assertThat(load().export().enabled()).isTrue();
    assertThat(said)
        .containsExactly(
            "bad value for OTEL_SDK_DISABLED: 'yes'; expected true or false; exporting telemetry");
  }

  @Test
  void tracesExporterNoneStopsOnlyTheSpans() {
    environment.put("OTEL_TRACES_EXPORTER", "none");

    ExportSettings export = load().export();

    assertThat(export.spans()).isFalse();
    assertThat(export.enabled()).isTrue();
    assertThat(said).isEmpty();
  }

  @Test
  void otherTracesExportersAreNotHonoured() {
    environment.put("OTEL_TRACES_EXPORTER", "otlp,zipkin");

    assertThat(load().export().spans()).isTrue();
    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("OTEL_TRACES_EXPORTER=otlp,zipkin is not honoured");
  }

  @Test
  void metricsExporterNoneIsNotHonouredBecauseTheControlLoopNeedsTheMetrics() {
    environment.put("OTEL_METRICS_EXPORTER", "none");

    assertThat(load().export().enabled()).isTrue();
    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("OTEL_METRICS_EXPORTER=none is not honoured")
        .contains("OTEL_SDK_DISABLED=true");
  }

  @Test
  void metricsEndpointProtocolAndTimeoutAreNotHonouredEachSaidOnce() {
    environment.put("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://collector:4318/v1/metrics");
    environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    environment.put("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf");
    environment.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json");
    environment.put("OTEL_EXPORTER_OTLP_TIMEOUT", "30000");

    AgentConfig config = load();

    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThat(said).hasSize(4);
    assertThat(saidContaining("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is not honoured")).isOne();
    assertThat(saidContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not honoured")).isOne();
    assertThat(saidContaining("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json is not honoured"))
        .isOne();
    assertThat(saidContaining("OTEL_EXPORTER_OTLP_TIMEOUT is not honoured")).isOne();
  }

  @Test
  void tracesEndpointIsTheFullUrlSpansGoTo() {
    environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/custom/spans");
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", SIDECAR.toString());

    AgentConfig config = load();

    assertThat(config.export().tracesUrl())
        .isEqualTo(URI.create("http://collector:4318/custom/spans"));
    assertThat(config.endpoint()).isEqualTo(SIDECAR);
    assertThat(said).singleElement().asString().contains("tuning.include");
  }

  @Test
  void badTracesEndpointIsReportedAndSpansGoToTheSidecar() {
    environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector");

    assertThat(load().export().tracesUrl()).isNull();
    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("bad value for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector'");
  }

  @Test
  void besideTheOpenTelemetryAgentItsExportSettingsAreItsOwnAndSaidOnce() {
    otelAgentAttached = true;
    environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    environment.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cret");
    environment.put("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
    environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    properties.setProperty("otel.metric.export.interval", "60000");
    environment.put("OTEL_SDK_DISABLED", "true");
    environment.put("OTEL_TRACES_EXPORTER", "none");
    environment.put("OTEL_SERVICE_NAME", "orders");
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "team=blue");

    AgentConfig config = load();

    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.export()).isEqualTo(ExportSettings.DEFAULT);
    assertThat(config.serviceName())
        .as("describes the service, not the export")
        .isEqualTo("orders");
    assertThat(config.resourceAttributes()).containsEntry("team", "blue");
    assertThat(said)
        .singleElement()
        .asString()
        .startsWith("the OpenTelemetry Java agent is attached to this JVM, so ")
        .contains("OTEL_EXPORTER_OTLP_ENDPOINT", "otel.metric.export.interval", "OTEL_SDK_DISABLED")
        .contains("endpoint, export.interval, token")
        .doesNotContain("s3cret");
  }

  @Test
  void theOpenTelemetryAgentIsLookedForOnlyWhereAnExportSettingIsPresent() {
    otelAgentAttached = true;
    environment.put("OTEL_SERVICE_NAME", "orders");
    environment.put("OTEL_LOGS_EXPORTER", "otlp");

    load();

    assertThat(agentLookups).hasValue(0);
    assertThat(said).as("settings PoolPilot has no use for are ignored silently").isEmpty();
  }

  @Test
  void signalToStringShowsHeaderNamesOnly() {
    Signal signal = new Signal(Map.of("api-key", "s3cret"), true);

    assertThat(signal.toString()).isEqualTo("Signal[headers=[api-key], gzip=true]");
  }
}
