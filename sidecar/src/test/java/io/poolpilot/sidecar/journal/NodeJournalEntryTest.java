package io.poolpilot.sidecar.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeJournalEntryTest {

  private static final Instant AT = Instant.parse("2026-11-27T07:16:10Z");

  @Test
  void aCapReadsBackAsWrittenWithItsNumbers() {
    JournalEntry.NodeCapped capped =
        new JournalEntry.NodeCapped(
            AT, "service-a", 2, -1, 2, 1.8, 2.76, 1.43, 1.7, List.of("service-b"), "capped");

    String line = JournalCodec.encode(capped);

    assertThat(line)
        .contains("\"type\":\"node\"")
        .contains("\"cap\":2")
        .contains("\"previous\":null")
        .contains("\"cappedFor\":[\"service-b\"]");
    assertThat(JournalCodec.decode(line)).isEqualTo(capped);
  }

  @Test
  void aLiftReadsBackAsLifted() {
    JournalEntry.NodeCapped lifted =
        new JournalEntry.NodeCapped(AT, "service-a", -1, 2, 2, 1.8, 0.3, 0.3, 0.3, List.of(), "up");

    JournalEntry read = JournalCodec.decode(JournalCodec.encode(lifted));

    assertThat(read).isEqualTo(lifted);
    assertThat(((JournalEntry.NodeCapped) read).lifted()).isTrue();
  }

  @Test
  void refusesACapOfZero() {
    assertThatThrownBy(
            () ->
                new JournalEntry.NodeCapped(
                    AT, "service-a", 0, -1, 2, 1, 1, 1, 1, List.of(), "capped"))
        .hasMessageContaining("cap 0 and previous -1 must be -1 or at least 1");
  }
}
