package io.poolpilot.sidecar.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.model.InstanceKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalReplayTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private final JournalReplay replay = new JournalReplay();

  @Test
  void aPinHoldsUntilItsReleaseAndTheLatestPinWins() {
    replay.apply(new JournalEntry.Pinned(AT, "orders", "orders-*", new PoolSizes(4, 8), "r"));
    replay.apply(new JournalEntry.Pinned(AT, "orders", "orders-*", new PoolSizes(6, 16), "r"));
    replay.apply(new JournalEntry.Pinned(AT, "orders", "io-*", new PoolSizes(2, 2), "r"));
    replay.apply(new JournalEntry.Released(AT, "orders", "io-*", new PoolSizes(2, 2), "r"));

    assertThat(replay.pins()).isEqualTo(Map.of("orders", Map.of("orders-*", new PoolSizes(6, 16))));
    assertThat(replay.entries()).isEqualTo(4);
  }

  @Test
  void aServiceWithNoPinLeftDisappears() {
    replay.apply(new JournalEntry.Pinned(AT, "orders", "orders-*", new PoolSizes(4, 8), "r"));
    replay.apply(new JournalEntry.Released(AT, "orders", "orders-*", new PoolSizes(4, 8), "r"));

    assertThat(replay.pins()).isEmpty();
  }

  @Test
  void keepsTheHighestVersionIssuedToEachInstance() {
    replay.apply(issued("i-1", 300));
    replay.apply(issued("i-1", 200));
    replay.apply(issued("i-2", 100));

    assertThat(replay.lastIssued().get(new InstanceKey("orders", "i-1")).version()).isEqualTo(300);
    assertThat(replay.lastIssued().get(new InstanceKey("orders", "i-2")).version()).isEqualTo(100);
  }

  private static JournalEntry.Issued issued(String instance, long version) {
    return new JournalEntry.Issued(
        AT,
        "orders",
        instance,
        version,
        "h" + version,
        List.of(new DesiredPool("orders-*", 2, 4)),
        "r");
  }
}
