package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReversalBudgetTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(int seconds) {
    return START.plusSeconds(seconds);
  }

  @Test
  void anOptionalReversalNeedsRoomLeftForItsOwnUndoing() {
    ReversalBudget budget = new ReversalBudget();
    budget.record(at(0), 8, 16);
    budget.record(at(2), 16, 8);

    assertThat(budget.left(at(3))).isEqualTo(1);
    assertThat(budget.allowsOptional(at(3), 8, 4)).as("same direction, one left").isTrue();
    assertThat(budget.allowsOptional(at(3), 8, 12)).as("a reversal with one left").isFalse();
    assertThat(budget.allowsNeeded(at(3), 8, 12)).isTrue();
  }

  @Test
  void refusesAThirdReversalWithinAMinuteUntilTheFirstLeavesTheWindow() {
    ReversalBudget budget = new ReversalBudget();
    budget.record(at(0), 1, 17);
    budget.record(at(2), 17, 1);
    budget.record(at(4), 1, 17);

    assertThat(budget.left(at(5))).isZero();
    assertThat(budget.allowsNeeded(at(5), 17, 1)).isFalse();
    assertThat(budget.allowsNeeded(at(5), 17, 20)).as("no reversal, always allowed").isTrue();
    assertThat(budget.allowsNeeded(at(61), 17, 1)).as("the reversal at 2 s has expired").isFalse();
    assertThat(budget.allowsNeeded(at(62), 17, 1)).isTrue();
  }

  @Test
  void aChangeInTheSameDirectionIsNoReversal() {
    ReversalBudget budget = new ReversalBudget();
    budget.record(at(0), 8, 24);
    budget.record(at(2), 24, 40);
    budget.record(at(4), 40, 42);

    assertThat(budget.left(at(5))).isEqualTo(ReversalBudget.PER_WINDOW);
  }
}
