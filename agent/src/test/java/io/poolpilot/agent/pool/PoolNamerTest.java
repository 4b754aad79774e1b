package io.poolpilot.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.pool.PoolNamer.Facts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolNamerTest {
  private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";

  private static Facts facts(String thread, String siteClass, String site, long sequence) {
    return new Facts(thread, siteClass, site, TPE, sequence);
  }

  private static Map<String, String> nameInOrder(Map<String, Facts> pools, List<String> order) {
    Map<String, Facts> ordered = new LinkedHashMap<>();
    for (String key : order) {
      ordered.put(key, pools.get(key));
    }
    return PoolNamer.name(ordered);
  }

  @Test
  void foldsTheTrailingCounterOfTheThreadName() {
    assertThat(PoolNamer.baseName(facts("http-nio-8080-exec-7", "com.acme.Web", null, 1)))
        .isEqualTo("http-nio-8080-exec-*");
    assertThat(PoolNamer.baseName(facts("orders-worker-12", null, null, 1)))
        .isEqualTo("orders-worker-*");
    assertThat(PoolNamer.baseName(facts("worker3", null, null, 1))).isEqualTo("worker*");
  }

  @Test
  void keepsAThreadNameWithoutATrailingCounter() {
    assertThat(PoolNamer.baseName(facts("billing", "com.acme.Billing", null, 1)))
        .isEqualTo("billing");
    assertThat(PoolNamer.baseName(facts("v2-worker", null, null, 1))).isEqualTo("v2-worker");
  }

  @Test
  void jdkDefaultThreadNamesFallBackToTheConstructingClass() {
    assertThat(PoolNamer.baseName(facts("pool-3-thread-1", "com.acme.Orders", "Orders.init:12", 1)))
        .isEqualTo("com.acme.Orders");
    assertThat(PoolNamer.baseName(facts("pool-17-thread-42", "com.acme.Billing", null, 1)))
        .isEqualTo("com.acme.Billing");
  }

  @Test
  void jettyDefaultThreadNamesWhichCarryAnIdentityHashFallBackToTheConstructingClass() {
    assertThat(
            PoolNamer.baseName(
                facts("qtp1627960023-41", "org.eclipse.jetty.server.Server", "Server.<init>:1", 1)))
        .isEqualTo("org.eclipse.jetty.server.Server");
    assertThat(PoolNamer.baseName(facts("jetty-worker-41", "com.acme.Web", null, 1)))
        .isEqualTo("jetty-worker-*");
  }

  @Test
  void jdkDefaultThreadNamesWithoutASiteFallBackToThePoolClass() {
    assertThat(PoolNamer.baseName(new Facts("pool-1-thread-1", null, null, "com.acme.MyPool", 1)))
        .isEqualTo("com.acme.MyPool");
  }

  @Test
  void aThreadNameMerelyResemblingTheJdkDefaultIsKept() {
    assertThat(PoolNamer.baseName(facts("mypool-3-thread-1", "com.acme.Orders", null, 1)))
        .isEqualTo("mypool-3-thread-*");
  }

  @Test
  void aPoolWithAUniqueNameGetsNoSuffix() {
    Map<String, Facts> pools = new LinkedHashMap<>();
    pools.put("a", facts("orders-1", "com.acme.Orders", "Orders.init:10", 1));
    pools.put("b", facts("billing-1", "com.acme.Billing", "Billing.init:20", 2));

    assertThat(PoolNamer.name(pools))
        .containsEntry("a", "orders-*")
        .containsEntry("b", "billing-*");
  }

  @Test
  void namesComeBackInTheOrderOfTheInput() {
    Map<String, Facts> pools = new LinkedHashMap<>();
    pools.put("z", facts("z-1", null, null, 3));
    pools.put("a", facts("a-1", null, null, 1));
    pools.put("m", facts("a-2", "com.acme.M", "M.m:1", 2));

    assertThat(PoolNamer.name(pools).keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void everyClashingPoolGetsItsConstructionSiteWhateverTheOrder() {
    Map<String, Facts> pools = new HashMap<>();
    pools.put("orders", facts("worker-1", "com.acme.Orders", "Orders.start:31", 1));
    pools.put("billing", facts("worker-2", "com.acme.Billing", "Billing.init:12", 2));
    pools.put("search", facts("worker-7", "com.acme.Search", "Search.<init>:88", 3));
    pools.put("mail", facts("mail-1", "com.acme.Mail", "Mail.init:5", 4));
    pools.put("defaultA", facts("pool-1-thread-1", "com.acme.Jobs", "Jobs.a:40", 5));
    pools.put("defaultB", facts("pool-2-thread-1", "com.acme.Jobs", "Jobs.b:50", 6));
    Map<String, String> expected =
        Map.of(
            "orders", "worker-*@Orders.start:31",
            "billing", "worker-*@Billing.init:12",
            "search", "worker-*@Search.<init>:88",
            "mail", "mail-*",
            "defaultA", "com.acme.Jobs@Jobs.a:40",
            "defaultB", "com.acme.Jobs@Jobs.b:50");

    List<String> order = new ArrayList<>(pools.keySet());
    Random random = new Random(1);
    for (int round = 0; round < 50; round++) {
      Collections.shuffle(order, random);

      assertThat(nameInOrder(pools, order)).as("order %s", order).isEqualTo(expected);
    }
  }

  @Test
  void poolsBuiltAtTheSameSiteAreNumberedBySequenceWhateverTheOrder() {
    Map<String, Facts> pools = new HashMap<>();
    pools.put("late", facts("worker-3", "com.acme.Shard", "Shard.init:9", 40));
    pools.put("early", facts("worker-1", "com.acme.Shard", "Shard.init:9", 7));
    pools.put("middle", facts("worker-2", "com.acme.Shard", "Shard.init:9", 12));
    pools.put("elsewhere", facts("worker-4", "com.acme.Other", "Other.init:3", 1));
    Map<String, String> expected =
        Map.of(
            "early", "worker-*@Shard.init:9#1",
            "middle", "worker-*@Shard.init:9#2",
            "late", "worker-*@Shard.init:9#3",
            "elsewhere", "worker-*@Other.init:3");

    List<String> order = new ArrayList<>(pools.keySet());
    Random random = new Random(2);
    for (int round = 0; round < 30; round++) {
      Collections.shuffle(order, random);

      assertThat(nameInOrder(pools, order)).as("order %s", order).isEqualTo(expected);
    }
  }

  @Test
  void clashingPoolsWithoutASiteAreToldApartBySequence() {
    Map<String, Facts> pools = new LinkedHashMap<>();
    pools.put("second", facts("worker-1", null, null, 2));
    pools.put("first", facts("worker-1", null, null, 1));

    assertThat(PoolNamer.name(pools))
        .containsEntry("first", "worker-*@unknown-site#1")
        .containsEntry("second", "worker-*@unknown-site#2");
  }

  @Test
  void everyNameIsUnique() {
    Map<Integer, Facts> pools = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      pools.put(
          i,
          facts(
              i % 3 == 0 ? "pool-" + i + "-thread-1" : "worker-" + i,
              "com.acme.C" + (i % 4),
              "C" + (i % 4) + ".init:" + (i % 5),
              i));
    }

    Map<Integer, String> names = PoolNamer.name(pools);

    assertThat(names).hasSize(40);
    assertThat(names.values()).doesNotHaveDuplicates().doesNotContainNull();
  }

  @Test
  void aPoolKeepsItsSiteSuffixAfterItsRivalIsGone() {
    Map<String, Facts> alone = new LinkedHashMap<>();
    alone.put("a", facts("worker-1", "com.acme.A", "A.init:10", 1));

    assertThat(PoolNamer.name(alone, java.util.Set.of())).containsEntry("a", "worker-*");
    assertThat(PoolNamer.name(alone, java.util.Set.of("worker-*")))
        .containsEntry("a", "worker-*@A.init:10");
  }
}
