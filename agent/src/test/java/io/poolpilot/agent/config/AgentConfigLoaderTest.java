package io.poolpilot.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
  private final Properties properties = new Properties();
  private final Map<String, String> environment = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private AgentConfig load(String agentArgs) {
    return new AgentConfigLoader(agentArgs, properties, environment, problems::add).load();
  }

  @Test
  void usesTheDocumentedDefaultsWhenNothingIsSet() {
    properties.setProperty("sun.java.command", "com.acme.shop.ShopMain --port 8080");

    AgentConfig config = load(null);

    assertThat(config.enabled()).isTrue();
    assertThat(config.serviceName()).isEqualTo("ShopMain");
    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThat(config.token()).isNull();
    assertThat(config.mode()).isEqualTo(Mode.TUNE);
    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.controlExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.handlers()).isEmpty();
    assertThat(config.resizeBounds()).isEqualTo(new ResizeBounds(1, 256));
    assertThat(config.resourceAttributes()).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void agentArgumentsWinOverSystemPropertiesAndEnvironment() {
    properties.setProperty("poolpilot.mode", "tune");
    environment.put("POOLPILOT_MODE", "tune");

    assertThat(load("mode=observe").mode()).isEqualTo(Mode.OBSERVE);
  }

  @Test
  void systemPropertiesWinOverEnvironment() {
    properties.setProperty("poolpilot.export.interval", "2s");
    environment.put("POOLPILOT_EXPORT_INTERVAL", "5s");

    assertThat(load("").exportInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void environmentIsUsedWhenNothingElseSetsTheKey() {
    environment.put("POOLPILOT_EXPORT_INTERVAL", "5s");
    environment.put("POOLPILOT_CONTROL_EXPIRY", "2m");
    environment.put("POOLPILOT_ENDPOINT", "http://sidecar:4318");
    environment.put("POOLPILOT_TOKEN", " s3cret ");
    environment.put("POOLPILOT_RESIZE_MAX", "32");

    AgentConfig config = load(null);

    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.controlExpiry()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.endpoint()).isEqualTo(URI.create("http://sidecar:4318"));
    assertThat(config.token()).isEqualTo("s3cret");
    assertThat(config.resizeBounds().max()).isEqualTo(32);
    assertThat(problems).isEmpty();
  }

  @Test
  void environmentNamesAreUpperCaseWithDotsAsUnderscores() {
    assertThat(AgentConfigLoader.envName("export.interval")).isEqualTo("POOLPILOT_EXPORT_INTERVAL");
    assertThat(AgentConfigLoader.envName("service.name")).isEqualTo("POOLPILOT_SERVICE_NAME");
    assertThat(AgentConfigLoader.envName("enabled")).isEqualTo("POOLPILOT_ENABLED");
  }

  @Test
  void noAgentKeyStartsWithSidecar() {
    assertThat(AgentConfigLoader.KEYS).noneMatch(key -> key.startsWith("sidecar."));
  }

  @Test
  void eachSourceIsReadForEveryKey() {
    properties.setProperty("poolpilot.enabled", "false");
    environment.put("POOLPILOT_SERVICE_NAME", "from-env");

    AgentConfig config = load("token=abc");

    assertThat(config.enabled()).isFalse();
    assertThat(config.serviceName()).isEqualTo("from-env");
    assertThat(config.token()).isEqualTo("abc");
  }

  @Test
  void handlersKeepTheirCommasInsideAgentArguments() {
    AgentConfig config = load("handlers=com.acme.Orders#place,com.acme.Billing#*,mode=observe");

    assertThat(config.handlers()).containsExactly("com.acme.Orders#place", "com.acme.Billing#*");
    assertThat(config.mode()).isEqualTo(Mode.OBSERVE);
    assertThat(problems).isEmpty();
  }

  @Test
  void handlersAsTheLastAgentArgumentKeepEveryEntry() {
    AgentConfig config = load("mode=observe,handlers=a.B#c, a.D#* ,e.F$G#h");

    assertThat(config.handlers()).containsExactly("a.B#c", "a.D#*", "e.F$G#h");
  }

  @Test
  void handlersFromTheEnvironmentAreSplitOnCommas() {
    environment.put("POOLPILOT_HANDLERS", "com.acme.Orders#place,,com.acme.Billing#*");

    assertThat(load(null).handlers())
        .containsExactly("com.acme.Orders#place", "com.acme.Billing#*");
  }

  @Test
  void parsesAgentArgumentsIntoKeysAndValues() {
    assertThat(AgentConfigLoader.parseAgentArgs("a=1, b = 2 ,handlers=x.Y#z,x.W#*"))
        .containsExactly(
            Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("handlers", "x.Y#z,x.W#*"));
    assertThat(AgentConfigLoader.parseAgentArgs(null)).isEmpty();
    assertThat(AgentConfigLoader.parseAgentArgs("  ")).isEmpty();
    assertThat(AgentConfigLoader.parseAgentArgs("endpoint=http://h:1/?a=b"))
        .containsExactly(Map.entry("endpoint", "http://h:1/?a=b"));
  }

  @Test
  void aBadValueIsReportedOnceWithKeyValueExpectationAndDefault() {
    AgentConfig config = load("export.interval=fast");

    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(problems)
        .singleElement()
        .asString()
        .contains("export.interval", "'fast'", "expected a duration", "using the default 1s");
  }

  @Test
  void everyBadValueIsReportedOnceEachAndTheDefaultUsed() {
    environment.put("POOLPILOT_ENABLED", "maybe");
    properties.setProperty("poolpilot.endpoint", "ftp://sidecar");
    AgentConfig config =
        load(
            "mode=turbo,export.interval=50ms,control.expiry=500ms,handlers=not a handler,"
                + "resize.min=0,resize.max=lots");

    assertThat(config.enabled()).isTrue();
    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThat(config.mode()).isEqualTo(Mode.TUNE);
    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.controlExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.handlers()).isEmpty();
    assertThat(config.resizeBounds()).isEqualTo(new ResizeBounds(1, 256));
    assertThat(problems)
        .hasSize(8)
        .anySatisfy(p -> assertThat(p).contains("enabled", "'maybe'", "true or false", "true"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("endpoint", "'ftp://sidecar'", "http://", "http://127.0.0.1:4318"))
        .anySatisfy(p -> assertThat(p).contains("mode", "'turbo'", "tune or observe", "tune"))
        .anySatisfy(
            p -> assertThat(p).contains("export.interval", "'50ms'", "at least 100ms", "1s"))
        .anySatisfy(p -> assertThat(p).contains("control.expiry", "'500ms'", "from 1s", "10m"))
        .anySatisfy(
            p -> assertThat(p).contains("handlers", "'not a handler'", "Class#method", "(none)"))
        .anySatisfy(p -> assertThat(p).contains("resize.min", "'0'", "at least 1", "default 1"))
        .anySatisfy(p -> assertThat(p).contains("resize.max", "'lots'", "default 256"));
    for (String key :
        List.of(
            "enabled",
            "endpoint",
            "mode",
            "export.interval",
            "control.expiry",
            "handlers",
            "resize.min",
            "resize.max")) {
      assertThat(problems).filteredOn(p -> p.startsWith("bad value for " + key + ":")).hasSize(1);
    }
  }

  @Test
  void aResizeMaximumBelowTheMinimumIsReportedAndBothDefaultsUsed() {
    AgentConfig config = load("resize.min=10,resize.max=4");

    assertThat(config.resizeBounds()).isEqualTo(new ResizeBounds(1, 256));
    assertThat(problems).singleElement().asString().contains("resize.max=4", "resize.min=10");
  }

  @Test
  void valuesAreCaseInsensitiveWhereTheyAreWords() {
    assertThat(load("mode=OBSERVE,enabled=FALSE").mode()).isEqualTo(Mode.OBSERVE);
    assertThat(load("enabled=False").enabled()).isFalse();
    assertThat(problems).isEmpty();
  }

  @Test
  void anEmptyValueMeansTheDefaultWithoutComplaint() {
    AgentConfig config = load("mode=,export.interval=");

    assertThat(config.mode()).isEqualTo(Mode.TUNE);
    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(problems).isEmpty();
  }

  @Test
  void anUnknownAgentArgumentIsReportedWithTheKnownKeys() {
    load("mdoe=observe");

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("unknown agent argument 'mdoe'", "mode", "export.interval");
  }

  @Test
  void anUnknownSystemPropertyIsReported() {
    properties.setProperty("poolpilot.exportInterval", "5s");
    properties.setProperty("other.key", "x");

    load(null);

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("unknown system property 'poolpilot.exportInterval'");
  }

  @Test
  void theConfigurationNeverPrintsTheToken() {
    AgentConfig config = load("token=s3cret-token,service.name=orders");

    assertThat(config.toString())
        .doesNotContain("s3cret-token")
        .contains("token=set", "serviceName=orders", "mode=TUNE");
    assertThat(load(null).toString()).contains("token=none");
  }

  @Test
  void aBlankTokenMeansNoToken() {
    assertThat(load("token=  ").token()).isNull();
  }

  @Test
  void otelServiceNameIsUsedWhenNoServiceNameKeyIsSet() {
    environment.put("OTEL_SERVICE_NAME", "checkout");
    properties.setProperty("sun.java.command", "com.acme.Main");

    assertThat(load(null).serviceName()).isEqualTo("checkout");
  }

  @Test
  void theServiceNameKeyWinsOverOtelServiceName() {
    environment.put("OTEL_SERVICE_NAME", "checkout");

    assertThat(load("service.name=orders").serviceName()).isEqualTo("orders");
  }

  @Test
  void otelServiceNameWinsOverServiceNameInResourceAttributes() {
    environment.put("OTEL_SERVICE_NAME", "checkout");
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes");

    assertThat(load(null).serviceName()).isEqualTo("checkout");
  }

  @Test
  void serviceNameComesFromResourceAttributesWhenNothingElseNamesIt() {
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes");
    properties.setProperty("sun.java.command", "com.acme.Main");

    assertThat(load(null).serviceName()).isEqualTo("from-attributes");
  }

  @Test
  void otelResourceAttributesArePercentDecoded() {
    environment.put(
        "OTEL_RESOURCE_ATTRIBUTES",
        "deployment.environment=prod, team = pay%20ments ,k8s.ns=a%2Cb");

    assertThat(load(null).resourceAttributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("deployment.environment", "prod", "team", "pay ments", "k8s.ns", "a,b"));
    assertThat(problems).isEmpty();
  }

  @Test
  void aBadResourceAttributeIsReportedAndSkipped() {
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "good=1,oops,bad=%zz");

    AgentConfig config = load(null);

    assertThat(config.resourceAttributes()).containsExactly(Map.entry("good", "1"));
    assertThat(problems)
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("'oops'", "key=value"))
        .anySatisfy(p -> assertThat(p).contains("'bad=%zz'", "percent-encoded"));
  }

  @Test
  void serviceNameFallsBackToTheMainClass() {
    properties.setProperty("sun.java.command", "com.acme.shop.ShopMain --port 8080");

    assertThat(load(null).serviceName()).isEqualTo("ShopMain");
  }

  @Test
  void mainClassNameComesFromTheJavaCommand() {
    assertThat(AgentConfigLoader.mainClassName("com.acme.Main a b")).isEqualTo("Main");
    assertThat(AgentConfigLoader.mainClassName("Main")).isEqualTo("Main");
    assertThat(AgentConfigLoader.mainClassName("/opt/app/shop-1.2.jar --x")).isEqualTo("shop-1.2");
    assertThat(AgentConfigLoader.mainClassName("C:\\apps\\shop.jar")).isEqualTo("shop");
    assertThat(AgentConfigLoader.mainClassName(null)).isEqualTo("unknown_service:java");
    assertThat(AgentConfigLoader.mainClassName(" ")).isEqualTo("unknown_service:java");
  }

  @Test
  void acceptsHttpAndHttpsEndpointsWithAHost() {
    assertThat(load("endpoint=https://sidecar.internal:4318/").endpoint())
        .isEqualTo(URI.create("https://sidecar.internal:4318/"));
    assertThat(problems).isEmpty();

    load("endpoint=http:///nohost");
    assertThat(problems).singleElement().asString().contains("endpoint");
  }

  @Test
  void endpointPathJoinsWithOrWithoutATrailingSlash() {
    assertThat(load("endpoint=http://h:4318/").endpointPath("/v1/metrics"))
        .isEqualTo(URI.create("http://h:4318/v1/metrics"));
    assertThat(load("endpoint=http://h:4318").endpointPath("/v1/metrics"))
        .isEqualTo(URI.create("http://h:4318/v1/metrics"));
  }

  @Test
  void resizeBoundsRejectNonsense() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResizeBounds(0, 4))
        .withMessageContaining("min=0");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResizeBounds(5, 4));
    assertThat(new ResizeBounds(2, 8).clamp(1)).isEqualTo(2);
    assertThat(new ResizeBounds(2, 8).clamp(9)).isEqualTo(8);
    assertThat(new ResizeBounds(2, 8).clamp(5)).isEqualTo(5);
  }

  @Test
  void theConfigurationCannotBeChangedAfterLoading() {
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "a=1");
    AgentConfig config = load("handlers=a.B#c");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.handlers().add("x.Y#z"))
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> config.resourceAttributes().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aControlExpiryBeyondThirtyDaysIsABadValue() {
    AgentConfig config = load("control.expiry=100000h");

    assertThat(config.controlExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(problems).singleElement().asString().contains("control.expiry", "720h");
  }

  @Test
  void aPlusInAResourceAttributeStaysAPlus() {
    environment.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=blue+green,team=a%20b");

    AgentConfig config = load(null);

    assertThat(config.resourceAttributes())
        .containsEntry("deployment.environment", "blue+green")
        .containsEntry("team", "a b");
  }

  @Test
  void aTokenFileGivesTheTokenWithoutItShowingOnTheCommandLine(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "  s3cret-token\n");
    environment.put("POOLPILOT_TOKEN_FILE", file.toString());

    assertThat(load(null).token()).isEqualTo("s3cret-token");
    assertThat(load("token=inline").token()).as("an explicit token wins").isEqualTo("inline");
    assertThat(problems).isEmpty();
  }

  @Test
  void anUnreadableOrEmptyTokenFileIsSaidOnceWithItsCauseAndNoTokenIsSent(@TempDir Path dir)
      throws IOException {
    Path missing = dir.resolve("missing");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    assertThat(load("token.file=" + missing).token()).isNull();
    assertThat(load("token.file=" + empty).token()).isNull();
    assertThat(load("token.file=" + dir).token()).isNull();

    assertThat(problems)
        .hasSize(3)
        .allSatisfy(problem -> assertThat(problem).startsWith("bad value for token.file: "));
    assertThat(problems.get(0)).contains("'" + missing + "'", "no such file", "no token");
    assertThat(problems.get(1)).contains("'" + empty + "'", "empty");
    assertThat(problems.get(2)).contains("'" + dir + "'", "directory");
  }

  @Test
  void aTokenFileThatCannotBeReadIsNeverQuoted(@TempDir Path dir) throws IOException {
    byte[] notUtf8 = {(byte) 0xff, 's', '3', 'c', 'r', 'e', 't', (byte) 0xfe};
    Path file = Files.write(dir.resolve("latin1"), notUtf8);

    assertThat(load("token.file=" + file).token()).isNull();

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("'" + file + "'", "not UTF-8")
        .doesNotContain("s3cret");
  }

  @Test
  void aTokenFileInAStrongerSourceWinsOverATokenInAWeakerOne(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");
    environment.put("POOLPILOT_TOKEN", "from-env");

    assertThat(load("token.file=" + file).token()).isEqualTo("from-file");

    properties.setProperty("poolpilot.token.file", file.toString());
    assertThat(load(null).token()).as("system property over environment").isEqualTo("from-file");

    environment.put("POOLPILOT_TOKEN_FILE", file.toString());
    properties.setProperty("poolpilot.token", "from-property");
    assertThat(load(null).token())
        .as("a token wins within its own source")
        .isEqualTo("from-property");
    assertThat(problems).isEmpty();
  }

  @Test
  void aBlankTokenLeavesTheChoiceToWeakerSources(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "from-file");
    environment.put("POOLPILOT_TOKEN_FILE", file.toString());

    assertThat(load("token= ").token()).isEqualTo("from-file");
  }

  @Test
  void aSwitchedOffAgentDoesNotReadItsTokenFile(@TempDir Path dir) {
    AgentConfig config = load("enabled=false,token.file=" + dir.resolve("missing"));

    assertThat(config.enabled()).isFalse();
    assertThat(config.token()).isNull();
    assertThat(problems).isEmpty();
  }
}
