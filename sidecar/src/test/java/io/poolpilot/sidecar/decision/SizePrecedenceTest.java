package io.poolpilot.sidecar.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SizePrecedenceTest {

  private static final PoolSizes APPLICATION = new PoolSizes(64, 64);

  @Test
  void aPinWinsOverTheCapAndTheTuner() {
    assertThat(
            SizePrecedence.resolve(
                Optional.of(new PoolSizes(8, 8)),
                OptionalInt.of(2),
                Optional.of(new PoolSizes(40, 40)),
                1,
                APPLICATION))
        .contains(new PoolSizes(8, 8));
  }

  @Test
  void theCapWinsOverTheTuner() {
    assertThat(
            SizePrecedence.resolve(
                Optional.empty(),
                OptionalInt.of(2),
                Optional.of(new PoolSizes(40, 40)),
                1,
                APPLICATION))
        .contains(new PoolSizes(2, 2));
  }

  @Test
  void theCapHoldsBackTheApplicationsSizesWhenTheTunerHasNone() {
    assertThat(
            SizePrecedence.resolve(
                Optional.empty(), OptionalInt.of(3), Optional.empty(), 1, APPLICATION))
        .contains(new PoolSizes(3, 3));
  }

  @Test
  void aCapAboveTheSizeChangesNothing() {
    assertThat(
            SizePrecedence.resolve(
                Optional.empty(),
                OptionalInt.of(12),
                Optional.of(new PoolSizes(4, 10)),
                1,
                APPLICATION))
        .contains(new PoolSizes(4, 10));
    assertThat(
            SizePrecedence.resolve(
                Optional.empty(), OptionalInt.of(80), Optional.empty(), 1, APPLICATION))
        .isEmpty();
  }

  @Test
  void aCapKeepsACoreBelowIt() {
    assertThat(
            SizePrecedence.resolve(
                Optional.empty(),
                OptionalInt.of(6),
                Optional.of(new PoolSizes(2, 40)),
                1,
                APPLICATION))
        .contains(new PoolSizes(2, 6));
  }

  @Test
  void raisesTheTunersSizeToTheFloor() {
    assertThat(resolveUncapped(Optional.empty(), Optional.of(new PoolSizes(1, 1)), 2))
        .contains(new PoolSizes(2, 2));
    assertThat(resolveUncapped(Optional.empty(), Optional.of(new PoolSizes(5, 5)), 2))
        .contains(new PoolSizes(5, 5));
  }

  @Test
  void aPinWinsOverTheFloorAndTheTuner() {
    assertThat(
            resolveUncapped(Optional.of(new PoolSizes(1, 1)), Optional.of(new PoolSizes(8, 8)), 2))
        .contains(new PoolSizes(1, 1));
  }

  @Test
  void theCapWinsOverTheFloor() {
    assertThat(
            SizePrecedence.resolve(
                Optional.empty(),
                OptionalInt.of(1),
                Optional.of(new PoolSizes(1, 4)),
                2,
                APPLICATION))
        .contains(new PoolSizes(1, 1));
  }

  @Test
  void aPoolNoRuleSpeaksForIsLeftAsItsApplicationSizedIt() {
    assertThat(resolveUncapped(Optional.empty(), Optional.empty(), 2)).isEmpty();
  }

  private static Optional<PoolSizes> resolveUncapped(
      Optional<PoolSizes> pin, Optional<PoolSizes> tuned, int floor) {
    return SizePrecedence.resolve(pin, OptionalInt.empty(), tuned, floor, APPLICATION);
  }
}
