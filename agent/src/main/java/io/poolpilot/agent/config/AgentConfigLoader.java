package io.poolpilot.agent.config;

import io.poolpilot.agent.config.AgentConfig.Mode;
import io.poolpilot.agent.config.AgentConfig.ResizeBounds;
import io.poolpilot.protocol.TelemetryNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds {@link AgentConfig} from the three places a user can set a key: agent arguments ({@code
 * -javaagent:poolpilot-agent.jar=key=value,key=value}), system properties ({@code poolpilot.<key>})
 * and environment variables ({@code POOLPILOT_<KEY>}, upper case, dots to underscores), in that
 * order of precedence. The standard OpenTelemetry settings ({@code otel.*} system properties,
 * {@code OTEL_*} variables) come last, where they mean something for PoolPilot ({@link
 * OtelEnvironment}).
 *
 * <p>A bad value never stops the application: it is reported once, with the key, the value and what
 * was expected, and the default is used instead.
 */
public final class AgentConfigLoader {
  static final String ENABLED = "enabled";
  static final String SERVICE_NAME = "service.name";
  static final String ENDPOINT = "endpoint";
  static final String TOKEN = "token";
  static final String TOKEN_FILE = "token.file";
  static final String MODE = "mode";
  static final String EXPORT_INTERVAL = "export.interval";
  static final String CONTROL_EXPIRY = "control.expiry";
  static final String HANDLERS = "handlers";
  static final String RESIZE_MIN = "resize.min";
  static final String RESIZE_MAX = "resize.max";

  static final Set<String> KEYS =
      Set.of(
          ENABLED,
          SERVICE_NAME,
          ENDPOINT,
          TOKEN,
          TOKEN_FILE,
          MODE,
          EXPORT_INTERVAL,
          CONTROL_EXPIRY,
          HANDLERS,
          RESIZE_MIN,
          RESIZE_MAX);

  static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4318");
  static final Duration DEFAULT_EXPORT_INTERVAL = Duration.ofSeconds(1);
  static final Duration DEFAULT_CONTROL_EXPIRY = Duration.ofMinutes(10);
  static final int DEFAULT_RESIZE_MIN = 1;
  static final int DEFAULT_RESIZE_MAX = 256;

  private static final Pattern HANDLER =
      Pattern.compile(
          "[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*#([\\p{L}_$][\\p{L}\\p{N}_$]*|\\*)");

  private final Map<String, String> args;
  private final Properties systemProperties;
  private final Map<String, String> environment;
  private final Consumer<String> problems;
  private final BooleanSupplier otelAgentAttached;

  /** A loader for a JVM the OpenTelemetry Java agent is not attached to. */
  public AgentConfigLoader(
      String agentArgs,
      Properties systemProperties,
      Map<String, String> environment,
      Consumer<String> problems) {
    this(agentArgs, systemProperties, environment, problems, () -> false);
  }

  /**
   * @param agentArgs the string after {@code =} in {@code -javaagent:...=}, or null
   * @param problems where each bad value is reported, once
   * @param otelAgentAttached whether the OpenTelemetry Java agent runs in this JVM too; asked only
   *     where an {@code OTEL_*} export setting is present
   */
  public AgentConfigLoader(
      String agentArgs,
      Properties systemProperties,
      Map<String, String> environment,
      Consumer<String> problems,
      BooleanSupplier otelAgentAttached) {
    this.problems = problems;
    this.otelAgentAttached = otelAgentAttached;
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.args = parseAgentArgs(agentArgs);
  }

  /** Reads the configuration of this JVM, reporting problems on stderr. */
  public static AgentConfig fromEnvironment(String agentArgs) {
    return new AgentConfigLoader(
            agentArgs,
            System.getProperties(),
            System.getenv(),
            line -> System.err.println("[poolpilot] " + line),
            () -> OpenTelemetryAgentPresence.attached(System.getenv()))
        .load();
  }

  public AgentConfig load() {
    reportUnknownKeys();
    OtelEnvironment otel =
        new OtelEnvironment(systemProperties, environment, otelAgentAttached, problems);
    boolean enabled = read(ENABLED, true, AgentConfigLoader::parseBoolean, "true or false");
    String serviceName = raw(SERVICE_NAME);
    if (serviceName == null || serviceName.isBlank()) {
      serviceName = otel.value("OTEL_SERVICE_NAME");
    }
    Map<String, String> resourceAttributes =
        resourceAttributes(otel.get("OTEL_RESOURCE_ATTRIBUTES"));
    if (serviceName == null || serviceName.isBlank()) {
      serviceName = resourceAttributes.get(TelemetryNames.SERVICE_NAME);
    }
    if (serviceName == null || serviceName.isBlank()) {
      serviceName = mainClassName(systemProperties.getProperty("sun.java.command"));
    }
    URI endpoint =
        read(
            ENDPOINT,
            DEFAULT_ENDPOINT,
            AgentConfigLoader::parseEndpoint,
            "an http:// or https:// URL with a host");
    if (unset(ENDPOINT)) {
      URI otelEndpoint = otel.endpoint(DEFAULT_ENDPOINT);
      endpoint = otelEndpoint != null ? otelEndpoint : endpoint;
    }
    // Switched off, the agent sends nothing: its token file is not even opened.
    String token = token(enabled);
    Mode mode = read(MODE, Mode.TUNE, AgentConfigLoader::parseMode, "tune or observe");
    Duration exportInterval =
        read(
            EXPORT_INTERVAL,
            DEFAULT_EXPORT_INTERVAL,
            v -> atLeast(Durations.parse(v), Duration.ofMillis(100)),
            "a duration of at least 100ms, such as 1s or 500ms");
    if (unset(EXPORT_INTERVAL)) {
      Duration otelInterval = otel.exportInterval(DEFAULT_EXPORT_INTERVAL);
      exportInterval = otelInterval != null ? otelInterval : exportInterval;
    }
    Duration controlExpiry =
        read(
            CONTROL_EXPIRY,
            DEFAULT_CONTROL_EXPIRY,
            v -> atMost(atLeast(Durations.parse(v), Duration.ofSeconds(1)), Duration.ofDays(30)),
            "a duration from 1s to 720h, such as 10m");
    List<String> handlers =
        read(
            HANDLERS,
            List.of(),
            AgentConfigLoader::parseHandlers,
            "Class#method or Class#*, comma separated");
    int resizeMin =
        read(
            RESIZE_MIN,
            DEFAULT_RESIZE_MIN,
            v -> positiveInt(v),
            "a whole number of threads, at least 1");
    int resizeMax =
        read(
            RESIZE_MAX,
            DEFAULT_RESIZE_MAX,
            v -> positiveInt(v),
            "a whole number of threads, at least 1");
    if (resizeMax < resizeMin) {
      problems.accept(
          "resize.max="
              + resizeMax
              + " is below resize.min="
              + resizeMin
              + "; expected resize.min <= resize.max, using "
              + DEFAULT_RESIZE_MIN
              + " and "
              + Math.max(DEFAULT_RESIZE_MAX, DEFAULT_RESIZE_MIN));
      resizeMin = DEFAULT_RESIZE_MIN;
      resizeMax = DEFAULT_RESIZE_MAX;
    }
    return new AgentConfig(
        enabled,
        serviceName,
        endpoint,
        token,
        mode,
        exportInterval,
        controlExpiry,
        handlers,
        new ResizeBounds(resizeMin, resizeMax),
        resourceAttributes,
        otel.export());
  }

  /** The value with the highest precedence, or null where no source sets the key. */
  String raw(String key) {
    for (Function<String, String> source : sources()) {
      String value = source.apply(key);
      if (value != null) {
        return value.trim();
      }
    }
    return null;
  }

  /** Whether no PoolPilot source gives the key a value, so a standard OpenTelemetry one may. */
  private boolean unset(String key) {
    String value = raw(key);
    return value == null || value.isEmpty();
  }

  /** Each source's value of a key (or null), strongest first. */
  private List<Function<String, String>> sources() {
    return List.of(
        args::get,
        key -> systemProperties.getProperty("poolpilot." + key),
        key -> environment.get(envName(key)));
  }

  /**
   * The token from the strongest source that gives one, as {@code token} or as {@code token.file}
   * (within one source the token itself wins), or null. Choosing per source, not per key, keeps the
   * documented precedence: a {@code token.file} in the agent arguments is not overridden by a
   * {@code POOLPILOT_TOKEN} the environment happens to carry. A blank value gives no token, so the
   * next source is asked, as before either key was looked at.
   *
   * @param readFile false where the agent is switched off: the file is then not opened at all
   */
  private String token(boolean readFile) {
    for (Function<String, String> source : sources()) {
      String token = source.apply(TOKEN);
      if (token != null && !token.isBlank()) {
        return token.trim();
      }
      String file = source.apply(TOKEN_FILE);
      if (file != null && !file.isBlank()) {
        return readFile ? tokenFromFile(file.trim()) : null;
      }
    }
    return null;
  }

  /** The token in {@code path}, or null, said once with the cause, where it cannot be read. */
  private String tokenFromFile(String path) {
    try {
      return readTokenFile(path);
    } catch (IllegalArgumentException e) {
      problems.accept(
          "bad value for "
              + TOKEN_FILE
              + ": '"
              + path
              + "' ("
              + e.getMessage()
              + "); expected "
              + TOKEN_FILE_EXPECTED
              + "; sending no token");
      return null;
    }
  }

  private <T> T read(String key, T fallback, Function<String, T> parser, String expected) {
    String value = raw(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      problems.accept(
          "bad value for "
              + key
              + ": '"
              + value
              + "'; expected "
              + expected
              + "; using the default "
              + describe(fallback));
      return fallback;
    }
  }

  private static final String TOKEN_FILE_EXPECTED =
      "a readable file holding the sidecar's token (a Kubernetes Secret, the sidecar's"
          + " token.file)";

  /**
   * The token in a file, its surrounding blanks and line ends dropped: how a Secret or the
   * sidecar's generated token file hands it over without it showing in {@code ps}.
   *
   * @throws IllegalArgumentException saying why the file gives no token (missing, a directory,
   *     unreadable, not UTF-8, empty); never with any of its content
   */
  static String readTokenFile(String path) {
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid path: " + e.getReason());
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("it is a directory");
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("permission denied");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the file is not UTF-8 text");
    } catch (IOException e) {
      // The JDK's I/O messages name the file and the reason, never what it holds.
      throw new IllegalArgumentException("it cannot be read: " + e);
    }
    String token = content.strip();
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the file is empty");
    }
    return token;
  }

  private static String describe(Object fallback) {
    if (fallback == null) {
      return "(none)";
    }
    if (fallback instanceof Duration d) {
      return Durations.format(d);
    }
    if (fallback instanceof Mode m) {
      return m.name().toLowerCase(Locale.ROOT);
    }
    if (fallback instanceof List<?> l && l.isEmpty()) {
      return "(none)";
    }
    return String.valueOf(fallback);
  }

  private void reportUnknownKeys() {
    for (String key : args.keySet()) {
      if (!KEYS.contains(key)) {
        problems.accept("unknown agent argument '" + key + "'; known keys are " + sortedKeys());
      }
    }
    for (String name : systemProperties.stringPropertyNames()) {
      if (name.startsWith("poolpilot.") && !KEYS.contains(name.substring("poolpilot.".length()))) {
        problems.accept("unknown system property '" + name + "'; known keys are " + sortedKeys());
      }
    }
  }

  private static String sortedKeys() {
    return String.join(", ", new java.util.TreeSet<>(KEYS));
  }

  static String envName(String key) {
    return "POOLPILOT_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /**
   * Splits {@code key=value,key=value}. A piece without {@code =} continues the value before it, so
   * {@code handlers=a.B#c,a.D#*,mode=observe} keeps both handlers.
   */
  static Map<String, String> parseAgentArgs(String agentArgs) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return parsed;
    }
    String lastKey = null;
    for (String piece : agentArgs.split(",")) {
      int eq = piece.indexOf('=');
      if (eq > 0) {
        lastKey = piece.substring(0, eq).trim();
        parsed.put(lastKey, piece.substring(eq + 1).trim());
      } else if (lastKey != null && !piece.isBlank()) {
        parsed.put(lastKey, parsed.get(lastKey) + "," + piece.trim());
      }
    }
    return parsed;
  }

  private Map<String, String> resourceAttributes(OtelEnvironment.Setting setting) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (setting == null) {
      return attributes;
    }
    for (String pair : setting.value().split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.accept(
            "bad entry in " + setting.name() + ": '" + pair + "'; expected key=value, skipping it");
        continue;
      }
      try {
        attributes.put(
            pair.substring(0, eq).trim(),
            // Percent-decoding only: a '+' is a plus here, not a space as in a form.
            URLDecoder.decode(
                pair.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        problems.accept(
            "bad entry in "
                + setting.name()
                + ": '"
                + pair
                + "'; expected a percent-encoded value, skipping it");
      }
    }
    return attributes;
  }

  /** The simple name of the main class, or of the jar, from {@code sun.java.command}. */
  static String mainClassName(String javaCommand) {
    if (javaCommand == null || javaCommand.isBlank()) {
      return "unknown_service:java";
    }
    String first = javaCommand.trim().split("\\s+")[0];
    if (first.endsWith(".jar")) {
      String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
      return file.substring(0, file.length() - ".jar".length());
    }
    return first.substring(first.lastIndexOf('.') + 1);
  }

  static boolean parseBoolean(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(value);
    }
  }

  static URI parseEndpoint(String value) {
    URI uri = URI.create(value);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(value);
    }
    return uri;
  }

  static Mode parseMode(String value) {
    return Mode.valueOf(value.toUpperCase(Locale.ROOT));
  }

  static List<String> parseHandlers(String value) {
    List<String> handlers = new ArrayList<>();
    for (String piece : value.split(",")) {
      String handler = piece.trim();
      if (handler.isEmpty()) {
        continue;
      }
      if (!HANDLER.matcher(handler).matches()) {
        throw new IllegalArgumentException(handler);
      }
      handlers.add(handler);
    }
    return handlers;
  }

  private static int positiveInt(String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException(value);
    }
    return n;
  }

  private static Duration atMost(Duration value, Duration maximum) {
    if (value.compareTo(maximum) > 0) {
      throw new IllegalArgumentException(value.toString());
    }
    return value;
  }

  private static Duration atLeast(Duration value, Duration minimum) {
    if (value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(value.toString());
    }
    return value;
  }
}
