package io.poolpilot.sidecar.capacity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command per request, for example {@code kubectl scale deployment/{service}
 * --replicas={replicas}}. The template's arguments are passed to the program as they are, one
 * argument each, with {@value #SERVICE}, {@value #REPLICAS} and {@value #REASON} replaced: no shell
 * ever sees them, so nothing in a service name or a reason can inject a command.
 *
 * <p>The command gets {@code capacity.exec.timeout}; past it, it is killed. The exit code and the
 * first {@value #OUTPUT_LIMIT} bytes of its output (stdout and stderr together, through a file so
 * that a chatty command never blocks on a full pipe) are the outcome. A template that needs {@code
 * {replicas}} is not run while the replica count is unknown; the journal gets that outcome for each
 * request, and the console once per service, since a skipped scale-up nobody hears of is what makes
 * an operator wait for nothing. Commands run one at a time, on a thread of their own.
 */
public final class ExecCapacityProvider implements CapacityProvider {

  public static final String SERVICE = "{service}";
  public static final String REPLICAS = "{replicas}";
  public static final String REASON = "{reason}";
  static final int OUTPUT_LIMIT = 2048;

  private final List<String> template;
  private final Duration timeout;
  private final Consumer<String> warnings;
  private final Set<String> warnedServices = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "poolpilot-capacity-exec");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param warnings told, once per service, that a request was not run because the replica count is
   *     unknown
   */
  public ExecCapacityProvider(List<String> template, Duration timeout, Consumer<String> warnings) {
    this.template = List.copyOf(template);
    if (this.template.isEmpty() || this.template.get(0).isBlank()) {
      throw new IllegalArgumentException("the command is empty");
    }
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  @Override
  public String name() {
    return "exec";
  }

  /** The command for a request: the template with its placeholders filled in. */
  public List<String> command(CapacityRequest request) {
    String replicas =
        request.desired().isPresent() ? Integer.toString(request.desired().getAsInt()) : "";
    String reason =
        "scale "
            + request.direction()
            + ", demand ratio "
            + RatioText.of(request.ratio())
            + ": "
            + request.evidence();
    List<String> command = new ArrayList<>(template.size());
    for (String argument : template) {
      command.add(
          argument
              .replace(SERVICE, request.service())
              .replace(REPLICAS, replicas)
              .replace(REASON, reason));
    }
    return command;
  }

  @Override
  public CompletableFuture<ProviderOutcome> request(CapacityRequest request) {
    if (request.desired().isEmpty() && template.stream().anyMatch(a -> a.contains(REPLICAS))) {
      String why =
          "the command needs "
              + REPLICAS
              + " and the replica count is unknown (set capacity.replicas, add the kubernetes"
              + " provider, or leave "
              + REPLICAS
              + " out of capacity.exec.command)";
      if (warnedServices.add(request.service())) {
        warnings.accept(
            "capacity: exec did not run for "
                + request.service()
                + " (scale "
                + request.direction()
                + "): "
                + why
                + "; said once per service, every skipped request is in the journal");
      }
      return CompletableFuture.completedFuture(ProviderOutcome.failed(name(), "not run: " + why));
    }
    List<String> command = command(request);
    try {
      return CompletableFuture.supplyAsync(() -> run(command), executor);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(ProviderOutcome.failed(name(), e.toString()));
    }
  }

  private ProviderOutcome run(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile("poolpilot-exec", ".out");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .start();
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return ProviderOutcome.failed(
            name(),
            "killed after "
                + timeout.toMillis()
                + " ms: "
                + command.get(0)
                + "; output: "
                + head(output));
      }
      int exit = process.exitValue();
      String detail = "exit " + exit + " from " + command.get(0) + "; output: " + head(output);
      return exit == 0
          ? ProviderOutcome.ok(name(), detail)
          : ProviderOutcome.failed(name(), detail);
    } catch (IOException e) {
      return ProviderOutcome.failed(name(), "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProviderOutcome.failed(name(), "interrupted while " + command.get(0) + " ran");
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // A temporary file left behind; nothing to do about it here.
        }
      }
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static String head(Path output) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(output)) {
      bytes = in.readNBytes(OUTPUT_LIMIT + 1);
    }
    String text =
        new String(bytes, 0, Math.min(bytes.length, OUTPUT_LIMIT), StandardCharsets.UTF_8).strip();
    return bytes.length > OUTPUT_LIMIT ? text + "…" : text;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
