package io.poolpilot.sidecar.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  private static final List<Integer> TEN = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

  @Test
  void defaultsToTheFirstPageOfTheDefaultSize() throws Exception {
    assertThat(PageRequest.parse(null, null))
        .isEqualTo(new PageRequest(0, PageRequest.DEFAULT_LIMIT));
  }

  @Test
  void slicesConsecutivePagesWithoutGapsOrOverlap() throws Exception {
    assertThat(PageRequest.parse("0", "4").slice(TEN)).containsExactly(0, 1, 2, 3);
    assertThat(PageRequest.parse("4", "4").slice(TEN)).containsExactly(4, 5, 6, 7);
    assertThat(PageRequest.parse("8", "4").slice(TEN)).containsExactly(8, 9);
    assertThat(PageRequest.parse("12", "4").slice(TEN)).isEmpty();
  }

  @Test
  void saysThereIsMoreAndWhereItStartsUntilTheLastPage() {
    JsonObject first = new PageRequest(0, 4).describe(new JsonObject(), TEN.size());
    assertThat(first.getBoolean("more")).isTrue();
    assertThat(first.getLong("nextOffset")).isEqualTo(4);
    assertThat(first.getInteger("total")).isEqualTo(10);

    JsonObject last = new PageRequest(8, 4).describe(new JsonObject(), TEN.size());
    assertThat(last.getBoolean("more")).isFalse();
    assertThat(last.containsKey("nextOffset")).isFalse();

    JsonObject exact = new PageRequest(6, 4).describe(new JsonObject(), TEN.size());
    assertThat(exact.getBoolean("more")).isFalse();
  }

  @Test
  void doesNotOverflowAtTheLargestOffset() throws Exception {
    PageRequest page = PageRequest.parse(String.valueOf(Integer.MAX_VALUE), "5000");
    assertThat(page.slice(TEN)).isEmpty();
    assertThat(page.describe(new JsonObject(), 10).getBoolean("more")).isFalse();
  }

  @Test
  void refusesLimitsOutsideTheRangeWithTheValueAndTheRange() {
    assertThatThrownBy(() -> PageRequest.parse(null, "0"))
        .isInstanceOf(PageRequest.Invalid.class)
        .hasMessage("limit '0' is not a whole number from 1 to 5000");
    assertThatThrownBy(() -> PageRequest.parse(null, "5001"))
        .hasMessage("limit '5001' is not a whole number from 1 to 5000");
    assertThatThrownBy(() -> PageRequest.parse(null, "all"))
        .hasMessage("limit 'all' is not a whole number from 1 to 5000");
  }

  @Test
  void refusesNegativeOrNonNumericOffsets() {
    assertThatThrownBy(() -> PageRequest.parse("-1", null))
        .isInstanceOf(PageRequest.Invalid.class)
        .hasMessage("offset '-1' is not a whole number from 0");
    assertThatThrownBy(() -> PageRequest.parse("x", null))
        .hasMessage("offset 'x' is not a whole number from 0");
  }
}
