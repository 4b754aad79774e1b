package io.poolpilot.sidecar.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import io.poolpilot.sidecar.journal.JournalEntry;
import io.poolpilot.sidecar.model.PoolKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastDecisionsTest {
  private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
  private static final PoolKey API = new PoolKey("shop", "i-1", "api-*");

  @Test
  void theTunersDecisionStaysTheLastDecisionWhenTheDesiredStateOnlyCarriesItOut() {
    JournalEntry tuned = tuned(new PoolSizes(4, 4), new PoolSizes(9, 9));
    JournalEntry issued = issued(1, new DesiredPool("api-*", new PoolSizes(9, 9)));

    LastDecisions decisions = new LastDecisions(List.of(issued, tuned));

    assertThat(decisions.of(API)).contains(tuned);
  }

  @Test
  void aLaterDesiredStateWithOtherSizesReplacesTheTunersDecision() {
    JournalEntry tuned = tuned(new PoolSizes(4, 4), new PoolSizes(9, 9));
    JournalEntry carriedOut = issued(1, new DesiredPool("api-*", new PoolSizes(9, 9)));
    JournalEntry other = issued(2, new DesiredPool("api-*", new PoolSizes(3, 3)));

    LastDecisions decisions = new LastDecisions(List.of(other, carriedOut, tuned));

    assertThat(decisions.of(API)).contains(other);
  }

  private static JournalEntry tuned(PoolSizes from, PoolSizes to) {
    return new JournalEntry.Tuned(
        AT, "shop", "i-1", "api-*", "GROW", from, to, true, "", "grew api-* 4→9: numbers");
  }

  private static JournalEntry issued(long version, DesiredPool... desired) {
    return new JournalEntry.Issued(
        AT, "shop", "i-1", version, "h" + version, List.of(desired), "r");
  }
}
