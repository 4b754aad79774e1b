package io.poolpilot.sidecar.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardBufferTest {

  private final ForwardBuffer<String> buffer = new ForwardBuffer<>(10, String::length);

  @Test
  void dropsTheOldestWhenANewPayloadDoesNotFitAndCountsThem() {
    assertThat(buffer.offer("aaaa")).isZero();
    assertThat(buffer.offer("bbbb")).isZero();
    assertThat(buffer.offer("ccc")).isEqualTo(1);
    assertThat(buffer.offer("dddddd")).isEqualTo(1);

    assertThat(buffer.dropped()).isEqualTo(2);
    assertThat(buffer.bytes()).isEqualTo(9);
    assertThat(buffer.poll()).hasValue("ccc");
    assertThat(buffer.poll()).hasValue("dddddd");
    assertThat(buffer.poll()).isEmpty();
  }

  @Test
  void dropsAPayloadLargerThanTheWholeBuffer() {
    buffer.offer("aa");

    assertThat(buffer.offer("x".repeat(11))).isEqualTo(1);

    assertThat(buffer.payloads()).isEqualTo(1);
    assertThat(buffer.dropped()).isEqualTo(1);
  }

  @Test
  void aRetriedPayloadGoesBackToTheFrontIfItStillFits() {
    buffer.offer("aaaa");
    String sending = buffer.poll().orElseThrow();
    buffer.offer("bbbb");

    assertThat(buffer.putBack(sending)).isTrue();

    assertThat(buffer.poll()).hasValue("aaaa");
  }

  @Test
  void aRetriedPayloadThatNoLongerFitsIsTheOldestAndIsDropped() {
    buffer.offer("aaaaaa");
    String sending = buffer.poll().orElseThrow();
    buffer.offer("bbbbbb");

    assertThat(buffer.putBack(sending)).isFalse();

    assertThat(buffer.dropped()).isEqualTo(1);
    assertThat(buffer.poll()).hasValue("bbbbbb");
  }

  @Test
  void tellsItsListenerHowManyPayloadsAndBytesEachDropLost() {
    List<String> drops = new ArrayList<>();
    ForwardBuffer<String> told =
        new ForwardBuffer<>(
            10, String::length, (payloads, bytes) -> drops.add(payloads + "/" + bytes));

    told.offer("aaa");
    told.offer("bbb");
    told.offer("cccccccc");
    String sending = told.poll().orElseThrow();
    told.offer("dddddddddd");
    told.putBack(sending);
    told.offer("x".repeat(11));

    assertThat(drops).containsExactly("2/6", "1/8", "1/11");
    assertThat(told.dropped()).isEqualTo(4);
  }
}
