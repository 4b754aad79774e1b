package io.poolpilot.agent.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives pools names that are stable across restarts and low in cardinality.
 *
 * <ol>
 *   <li>The name of the pool's first worker thread with its trailing counter folded: {@code
 *       http-nio-8080-exec-7} becomes {@code http-nio-8080-exec-*}.
 *   <li>Threads with the JDK's default names ({@code pool-N-thread-M}, where N counts pools in
 *       start order) or Jetty's ({@code qtp<hash>-<id>}) say nothing stable, so the class that
 *       constructed the pool names it instead.
 *   <li>Pools whose names would clash all get a suffix from their construction site,
 *       {@code @Class.method:line}; which of them started first never matters. Only pools built at
 *       the very same site, which nothing else tells apart, are numbered in the order they were
 *       seen.
 * </ol>
 */
public final class PoolNamer {
  private static final Pattern JDK_DEFAULT_THREAD = Pattern.compile("pool-\\d+-thread-\\d+");

  /** Jetty's default: {@code qtp<identity hash>-<thread id>}, different in every run. */
  private static final Pattern JETTY_DEFAULT_THREAD = Pattern.compile("qtp\\d+-\\d+");

  private static final Pattern TRAILING_COUNTER = Pattern.compile("\\d+$");

  /**
   * What naming needs to know of a pool.
   *
   * @param threadName name of its first worker thread
   * @param siteClass fully qualified class that constructed it, or null if unknown
   * @param site short construction site ({@code Class.method:line}), or null if unknown
   * @param poolClass the pool's own class
   * @param sequence order in which the agent first saw it, used only for identical sites
   */
  public record Facts(
      String threadName, String siteClass, String site, String poolClass, long sequence) {}

  private PoolNamer() {}

  /** The base name of one pool, before clashes are resolved. */
  public static String baseName(Facts facts) {
    String thread = facts.threadName();
    if (thread != null
        && !thread.isBlank()
        && !JDK_DEFAULT_THREAD.matcher(thread).matches()
        && !JETTY_DEFAULT_THREAD.matcher(thread).matches()) {
      return TRAILING_COUNTER.matcher(thread).replaceFirst("*");
    }
    return facts.siteClass() != null ? facts.siteClass() : facts.poolClass();
  }

  /** Names for all of {@code pools}, unique among them, in the same order. */
  public static <T> Map<T, String> name(Map<T, Facts> pools) {
    return name(pools, Set.of());
  }

  /**
   * Names for all of {@code pools}, where every pool whose base name is in {@code clashedBefore}
   * keeps its site suffix even if it has no rival any more: a name changes at most once, when its
   * first rival appears, and never flips back and forth as rivals come and go.
   */
  public static <T> Map<T, String> name(Map<T, Facts> pools, Set<String> clashedBefore) {
    Map<String, List<T>> byBase = new LinkedHashMap<>();
    Map<T, String> base = new HashMap<>();
    for (Map.Entry<T, Facts> e : pools.entrySet()) {
      String b = baseName(e.getValue());
      base.put(e.getKey(), b);
      byBase.computeIfAbsent(b, k -> new ArrayList<>()).add(e.getKey());
    }
    Map<T, String> names = new LinkedHashMap<>();
    for (T pool : pools.keySet()) {
      names.put(pool, null);
    }
    for (Map.Entry<String, List<T>> group : byBase.entrySet()) {
      List<T> members = group.getValue();
      if (members.size() == 1 && !clashedBefore.contains(group.getKey())) {
        names.put(members.get(0), group.getKey());
        continue;
      }
      Map<String, List<T>> bySite = new LinkedHashMap<>();
      for (T pool : members) {
        String site = pools.get(pool).site();
        bySite
            .computeIfAbsent(site == null ? "unknown-site" : site, k -> new ArrayList<>())
            .add(pool);
      }
      for (Map.Entry<String, List<T>> sameSite : bySite.entrySet()) {
        List<T> atSite = new ArrayList<>(sameSite.getValue());
        String name = group.getKey() + "@" + sameSite.getKey();
        if (atSite.size() == 1) {
          names.put(atSite.get(0), name);
          continue;
        }
        atSite.sort(Comparator.comparingLong(p -> pools.get(p).sequence()));
        for (int i = 0; i < atSite.size(); i++) {
          names.put(atSite.get(i), name + "#" + (i + 1));
        }
      }
    }
    return names;
  }
}
