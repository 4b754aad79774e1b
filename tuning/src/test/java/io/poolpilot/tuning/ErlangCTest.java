package io.poolpilot.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErlangCTest {

  @Test
  void needsOneThreadForNoLoad() {
    assertThat(ErlangC.sizeFor(0, 0.05, 0.05, 0.01, 200)).isEqualTo(1);
  }

  @Test
  void givesMoreThreadsThanLittlesLawBusyCountButNotMany() {
    double busy = 410 * 0.028;

    int size = ErlangC.sizeFor(410, 0.028, 0.05, 0.01, 200);

    assertThat(size).isGreaterThan((int) Math.ceil(busy)).isLessThanOrEqualTo((int) busy + 8);
  }

  @Test
  void growsWithTheLoad() {
    int light = ErlangC.sizeFor(100, 0.06, 0.05, 0.01, 200);
    int heavy = ErlangC.sizeFor(400, 0.06, 0.05, 0.01, 200);

    assertThat(heavy).isGreaterThan(light * 2);
  }

  @Test
  void stopsAtTheCap() {
    assertThat(ErlangC.sizeFor(10_000, 1, 0.05, 0.01, 200)).isEqualTo(200);
  }
}
