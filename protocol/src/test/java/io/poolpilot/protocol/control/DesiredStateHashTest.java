package io.poolpilot.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredStateHashTest {

  @Test
  void equalListsInAnyOrderHashAlike() {
    DesiredPool orders = new DesiredPool("orders-*", 6, 16);
    DesiredPool billing = new DesiredPool("billing-*", 2, 4);

    assertThat(DesiredStateHash.of(List.of(orders, billing)))
        .isEqualTo(DesiredStateHash.of(List.of(billing, orders)))
        .matches("[0-9a-f]{16}");
  }

  @Test
  void anyDifferenceInNameOrSizeChangesTheHash() {
    String base = DesiredStateHash.of(List.of(new DesiredPool("orders-*", 6, 16)));

    assertThat(DesiredStateHash.of(List.of(new DesiredPool("orders-*", 6, 17)))).isNotEqualTo(base);
    assertThat(DesiredStateHash.of(List.of(new DesiredPool("orders-*", 7, 16)))).isNotEqualTo(base);
    assertThat(DesiredStateHash.of(List.of(new DesiredPool("orders-+", 6, 16)))).isNotEqualTo(base);
    assertThat(DesiredStateHash.of(List.of())).isNotEqualTo(base);
  }

  @Test
  void namesThatRunIntoTheNumbersCannotCollide() {
    // Without the length prefix both would read "a 2 3", a line feed, "b 4 5", a line feed.
    assertThat(DesiredStateHash.of(List.of(new DesiredPool("a 2 3\nb", 4, 5))))
        .isNotEqualTo(
            DesiredStateHash.of(List.of(new DesiredPool("a", 2, 3), new DesiredPool("b", 4, 5))));
  }
}
