package io.poolpilot.sidecar.capacity;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The default provider: one line on the console per request, for a person or a log shipper. */
public final class LogCapacityProvider implements CapacityProvider {

  private final PrintStream out;

  public LogCapacityProvider(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public CompletableFuture<ProviderOutcome> request(CapacityRequest request) {
    String line =
        "poolpilot-sidecar: capacity request "
            + request.idempotencyKey()
            + ": "
            + request.service()
            + " scale "
            + request.direction()
            + (request.desired().isPresent()
                ? " to " + request.desired().getAsInt() + " replicas"
                : "")
            + ", demand ratio "
            + RatioText.of(request.ratio())
            + ": "
            + request.evidence();
    synchronized (out) {
      out.println(line);
      out.flush();
    }
    return CompletableFuture.completedFuture(ProviderOutcome.ok(name(), "written to the console"));
  }
}
