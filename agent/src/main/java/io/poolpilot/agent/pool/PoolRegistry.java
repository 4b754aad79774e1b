package io.poolpilot.agent.pool;

import io.poolpilot.agent.bootstrap.ConstructionSite;
import io.poolpilot.agent.bootstrap.PoolProbe;
import io.poolpilot.agent.bootstrap.PoolProbes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The application's live pools by name. Pools are held weakly by the underlying {@link PoolProbes}:
 * one the application drops disappears from here once collected. A pool is listed from the moment
 * its first worker thread has run, since its name comes from that thread.
 */
public final class PoolRegistry {
  private final PoolProbes probes;
  private final Consumer<String> report;
  private final AtomicBoolean reportedUnreadable = new AtomicBoolean();
  private final Set<String> clashedBaseNames = ConcurrentHashMap.newKeySet();

  public PoolRegistry(PoolProbes probes) {
    this(probes, line -> {});
  }

  /**
   * @param report says once that a pool could not be read (a framework pool whose methods are
   *     missing or closed to the agent) and is left out
   */
  public PoolRegistry(PoolProbes probes, Consumer<String> report) {
    this.probes = probes;
    this.report = report;
  }

  /** Every named live pool, in the order the agent first saw them. */
  public List<NamedPool> pools() {
    List<PoolProbe> live = new ArrayList<>(probes.live());
    live.sort(Comparator.comparingLong(PoolProbe::sequence));
    Map<PoolProbe, PoolAdapter> strong = new LinkedHashMap<>();
    Map<PoolProbe, PoolNamer.Facts> facts = new LinkedHashMap<>();
    for (PoolProbe probe : live) {
      PoolAdapter pool = probe.threadName() == null ? null : liveAdapter(probe);
      if (pool == null) {
        // Never ran a thread, collected, finished for good or unreadable: nothing to report or
        // resize.
        continue;
      }
      strong.put(probe, pool);
      facts.put(probe, factsOf(probe, pool));
    }
    rememberClashes(facts);
    Map<PoolProbe, String> names = PoolNamer.name(facts, clashedBaseNames);
    List<NamedPool> named = new ArrayList<>(names.size());
    names.forEach(
        (probe, name) -> {
          probe.reportedAs(name);
          named.add(new NamedPool(name, strong.get(probe), probe));
        });
    return named;
  }

  /**
   * The name {@code probe}'s pool is reported under, or null for the agent's own pools. Cheap after
   * the first call: names are remembered on the probe each time the pools are listed.
   */
  public String nameOf(PoolProbe probe) {
    if (probe.ignored()) {
      return null;
    }
    String name = probe.reportedName();
    if (name == null) {
      pools();
      name = probe.reportedName();
    }
    return name;
  }

  /** The live pool with this name, if there is one. */
  public Optional<NamedPool> find(String name) {
    return pools().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The adapter of {@code probe}'s pool, or null if the pool was collected, has terminated or
   * cannot be read.
   */
  private PoolAdapter liveAdapter(PoolProbe probe) {
    try {
      PoolAdapter pool = PoolAdapters.of(probe);
      return pool == null || pool.isTerminated() ? null : pool;
    } catch (RuntimeException | LinkageError e) {
      if (reportedUnreadable.compareAndSet(false, true)) {
        report.accept(
            "a "
                + probe.kind()
                + " pool could not be read and is left out of metrics and resizing: "
                + e);
      }
      return null;
    }
  }

  private void rememberClashes(Map<PoolProbe, PoolNamer.Facts> facts) {
    Set<String> seen = new HashSet<>();
    for (PoolNamer.Facts f : facts.values()) {
      String base = PoolNamer.baseName(f);
      if (!seen.add(base)) {
        clashedBaseNames.add(base);
      }
    }
  }

  private static PoolNamer.Facts factsOf(PoolProbe probe, PoolAdapter pool) {
    ConstructionSite site = probe.site();
    return new PoolNamer.Facts(
        probe.threadName(),
        site == null ? null : site.className(),
        site == null ? null : site.shortForm(),
        pool.target().getClass().getName(),
        probe.sequence());
  }
}
