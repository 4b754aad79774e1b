package io.poolpilot.sidecar.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.PoolSizes;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SizePrecedenceTest {

  @Test
  void raisesTheTunersSizeToTheFloor() {
    assertThat(SizePrecedence.resolve(Optional.empty(), Optional.of(new PoolSizes(1, 1)), 2))
        .contains(new PoolSizes(2, 2));
    assertThat(SizePrecedence.resolve(Optional.empty(), Optional.of(new PoolSizes(5, 5)), 2))
        .contains(new PoolSizes(5, 5));
  }

  @Test
  void aPinWinsOverTheFloorAndTheTuner() {
    assertThat(
            SizePrecedence.resolve(
                Optional.of(new PoolSizes(1, 1)), Optional.of(new PoolSizes(8, 8)), 2))
        .contains(new PoolSizes(1, 1));
  }

  @Test
  void aPoolNoRuleSpeaksForIsLeftAsItsApplicationSizedIt() {
    assertThat(SizePrecedence.resolve(Optional.empty(), Optional.empty(), 2)).isEmpty();
  }
}
