package io.poolpilot.benchmarks.sidecar;

import io.poolpilot.benchmarks.http.ProcStat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one sidecar costs with N agents of P pools each: replays their exports and polls for a
 * warm-up, then for the measured window, and prints the sidecar's CPU, memory, answer times and
 * anything it dropped. {@code benchmarks/sidecar-cost.sh} starts a fresh sidecar for each N and
 * runs this program under {@code nice}, so the generator yields the CPU to the sidecar.
 *
 * <p>Arguments: {@code --instances N --pools P --duration S --warmup S --spans K --otlp URL --api
 * URL --sidecar-pid PID --sidecar-log FILE}; the token comes from {@code POOLPILOT_BENCH_TOKEN}, so
 * it never shows in {@code ps}.
 */
public final class SidecarCostBenchmark {
  private SidecarCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    SidecarProcess sidecar = new SidecarProcess(s.sidecarPid(), s.sidecarLog());
    ProcStat self = ProcStat.ofThisMachine();
    long selfPid = ProcessHandle.current().pid();
    double rssAtStart = sidecar.rssMib();
    long epoch = System.currentTimeMillis() * 1_000_000L;
    List<ReplayedAgent> agents = new ArrayList<>();
    for (int i = 0; i < s.instances(); i++) {
      agents.add(new ReplayedAgent("bench-svc-" + i / 10, s.pools(), epoch, i));
    }
    int connections = Math.max(4, Math.min(64, s.instances() / 4));
    try (ReplayDriver driver =
        new ReplayDriver(s.otlp(), s.token(), agents, s.spans(), connections)) {
      Thread replay = new Thread(driver::run, "replay");
      replay.start();
      Thread.sleep(s.warmup().toMillis());
      driver.resetStats();
      sidecar.resetMaxRss();
      long blockedBefore = sidecar.blockedWarnings();
      long cpu0 = sidecar.cpuNanos();
      long self0 = self.cpuNanos(selfPid);
      long t0 = System.nanoTime();
      long until = t0 + s.duration().toNanos();
      while (System.nanoTime() < until) {
        sidecar.rssMib();
        Thread.sleep(Math.min(1000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
      long cpu1 = sidecar.cpuNanos();
      long self1 = self.cpuNanos(selfPid);
      long t1 = System.nanoTime();
      driver.stop();
      replay.join();
      driver.drain(System.out::println);
      double rssAtEnd = sidecar.rssMib();
      PoolCount pools = PoolCount.query(s.api(), agents);
      Result r =
          new Result(
              s.instances(),
              s.pools(),
              100.0 * (cpu1 - cpu0) / (t1 - t0),
              100.0 * (self1 - self0) / (t1 - t0),
              rssAtStart,
              rssAtEnd,
              sidecar.maxRssMib(),
              sidecar.threads(),
              driver.endpoints(),
              sidecar.blockedWarnings() - blockedBefore,
              sidecar.blockedWarnings(),
              driver.sendLag.getValueAtPercentile(99) / 1e6,
              pools,
              (long) s.instances() * s.pools());
      r.print(System.out);
    }
  }

  /**
   * Pools of the replayed instances the API shows: all known, agent-controlled, and tuned. Reads
   * {@code GET /api/pools} a page at a time, as the web page does, until it says there is no more.
   */
  record PoolCount(int reported, int controlled, int withDesired) {
    static PoolCount query(URI api, List<ReplayedAgent> agents) throws Exception {
      Set<String> ours = new HashSet<>();
      agents.forEach(a -> ours.add(a.instanceId()));
      HttpClient client = HttpClient.newHttpClient();
      int reported = 0;
      int controlled = 0;
      int desired = 0;
      long offset = 0;
      boolean more = true;
      while (more) {
        JsonObject page = page(client, api, offset);
        JsonArray pools = page.getJsonArray("pools");
        for (int k = 0; k < pools.size(); k++) {
          JsonObject pool = pools.getJsonObject(k);
          if (!ours.contains(pool.getString("instance"))) {
            continue;
          }
          reported++;
          if (pool.getBoolean("controlled", false)) {
            controlled++;
          }
          if (pool.getValue("desired") != null) {
            desired++;
          }
        }
        long next = page.getLong("nextOffset", -1L);
        more = page.getBoolean("more", false) && next > offset;
        offset = next;
      }
      return new PoolCount(reported, controlled, desired);
    }

    private static JsonObject page(HttpClient client, URI api, long offset) throws Exception {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(api.resolve("/api/pools?limit=" + PAGE + "&offset=" + offset))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /api/pools at offset "
                + offset
                + " answered "
                + answer.statusCode()
                + ": "
                + answer.body());
      }
      return new JsonObject(answer.body());
    }

    /** Pools asked for per page: the sidecar's largest page. */
    private static final int PAGE = 5000;
  }

  /** The parsed command line. */
  record Settings(
      int instances,
      int pools,
      Duration duration,
      Duration warmup,
      int spans,
      URI otlp,
      URI api,
      long sidecarPid,
      Path sidecarLog,
      String token) {
    static Settings parse(String[] args) {
      java.util.Map<String, String> m = new java.util.HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
        }
        m.put(args[i].substring(2), args[i + 1]);
      }
      String token = System.getenv("POOLPILOT_BENCH_TOKEN");
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            "POOLPILOT_BENCH_TOKEN (the sidecar's token) is not set");
      }
      return new Settings(
          Integer.parseInt(m.getOrDefault("instances", "1")),
          Integer.parseInt(m.getOrDefault("pools", "10")),
          Duration.ofSeconds(Long.parseLong(m.getOrDefault("duration", "60"))),
          Duration.ofSeconds(Long.parseLong(m.getOrDefault("warmup", "15"))),
          Integer.parseInt(m.getOrDefault("spans", "3")),
          URI.create(required(m, "otlp")),
          URI.create(required(m, "api")),
          Long.parseLong(required(m, "sidecar-pid")),
          m.containsKey("sidecar-log") ? Path.of(m.get("sidecar-log")) : null,
          token);
    }

    private static String required(java.util.Map<String, String> m, String key) {
      String value = m.get(key);
      if (value == null) {
        throw new IllegalArgumentException("--" + key + " is required");
      }
      return value;
    }
  }

  /** One N's figures, printed as a table row and the {@code sidecar-cost:} summary line. */
  record Result(
      int instances,
      int pools,
      double cpuPct,
      double generatorCpuPct,
      double rssStart,
      double rssEnd,
      double rssMax,
      int threads,
      List<EndpointStats> endpoints,
      long blocked,
      long blockedWholeRun,
      double sendLagP99Ms,
      PoolCount poolCount,
      long expectedPools) {

    void print(java.io.PrintStream out) {
      double p99 = 0;
      long dropped = Math.max(0, expectedPools - poolCount.controlled());
      StringBuilder latency = new StringBuilder();
      for (EndpointStats e : endpoints) {
        p99 = Math.max(p99, e.percentileMs(99));
        dropped += e.dropped();
        latency.append(
            String.format(
                Locale.ROOT,
                " %s p50/p99/max=%.1f/%.1f/%.1f ms n=%d non2xx=%d failed=%d rejected=%d;",
                e.name,
                e.percentileMs(50),
                e.percentileMs(99),
                e.maxMs(),
                e.count(),
                e.non2xx.get(),
                e.failed.get(),
                e.rejected.get()));
      }
      out.printf(
          Locale.ROOT,
          "table-row: | %d × %d | %.2f | %.1f / %.1f / %.1f | %d |%s | %d (%d) | %d / %d / %d of %d |"
              + " %.2f | %.2f |%n",
          instances,
          pools,
          cpuPct,
          rssStart,
          rssEnd,
          rssMax,
          threads,
          latency,
          blocked,
          blockedWholeRun,
          poolCount.reported(),
          poolCount.controlled(),
          poolCount.withDesired(),
          expectedPools,
          generatorCpuPct,
          sendLagP99Ms);
      if (sendLagP99Ms > 1) {
        out.printf(
            Locale.ROOT,
            "sidecar-cost: n=%d: the generator's send lag p99 was %.1f ms (> 1 ms): it was starved"
                + " of CPU and its lag is in the answer times; do not quote them%n",
            instances,
            sendLagP99Ms);
      }
      out.printf(
          Locale.ROOT,
          "sidecar-cost: n=%d cpu_pct=%.2f rss_mib=%.1f p99_ms=%.1f dropped=%d%n",
          instances,
          cpuPct,
          rssMax,
          p99,
          dropped);
    }
  }
}
