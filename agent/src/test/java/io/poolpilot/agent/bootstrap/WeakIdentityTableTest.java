package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {
  private final WeakIdentityTable<String> table = new WeakIdentityTable<>();

  @Test
  void findsValuesByIdentityNotEquality() {
    String key = new String("context");
    String equalKey = new String("context");
    table.put(key, "span");

    assertThat(table.get(key)).isEqualTo("span");
    assertThat(table.get(equalKey)).isNull();
    assertThat(table.isEmpty()).isFalse();
  }

  @Test
  void removeReturnsTheValueOnceAndEmptiesTheTable() {
    Object key = new Object();
    table.put(key, "span");

    assertThat(table.remove(key)).isEqualTo("span");
    assertThat(table.remove(key)).isNull();
    assertThat(table.get(key)).isNull();
    assertThat(table.isEmpty()).isTrue();
  }

  @Test
  void putReplacesTheValueOfAKeyItHolds() {
    Object key = new Object();
    table.put(key, "first");
    table.put(key, "second");

    assertThat(table.get(key)).isEqualTo("second");
    table.remove(key);
    assertThat(table.isEmpty()).isTrue();
  }

  @Test
  void holdsManyKeysAcrossGrowth() {
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Object key = new Object();
      keys.add(key);
      table.put(key, "v" + i);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertThat(table.get(keys.get(i))).isEqualTo("v" + i);
    }
    keys.forEach(table::remove);
    assertThat(table.isEmpty()).isTrue();
  }

  @Test
  void aCollectedKeyLeavesNoEntryBehind() {
    table.put(new Object(), "forgotten");
    assertThat(table.isEmpty()).isFalse();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              System.gc();
              // Any write expunges collected keys of its stripe; touch every stripe.
              for (int i = 0; i < 256; i++) {
                Object probe = new Object();
                table.put(probe, "probe");
                table.remove(probe);
              }
              return table.isEmpty();
            });
  }
}
