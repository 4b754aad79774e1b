package io.poolpilot.sidecar.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.protocol.control.DesiredPool;
import io.poolpilot.protocol.control.PoolSizes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00.123Z");

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  @Test
  void aTuningDecisionReadsBackAsWritten() {
    JournalEntry tuned =
        new JournalEntry.Tuned(
            AT,
            "orders",
            "i-1",
            "orders-*",
            "GROW",
            new PoolSizes(8, 8),
            new PoolSizes(14, 14),
            true,
            "",
            "grew orders-* 8→14: queue wait p99 120 ms > 50 ms");

    String line = JournalCodec.encode(tuned);

    assertThat(line).contains("\"type\":\"tune\"");
    assertThat(JournalCodec.decode(line)).isEqualTo(tuned);
  }

  @Test
  void writesOneJsonObjectPerLineAndReadsThemBackInOrder() throws IOException {
    JournalEntry pin =
        new JournalEntry.Pinned(AT, "orders", "orders-*", new PoolSizes(6, 16), "why");
    JournalEntry issued =
        new JournalEntry.Issued(
            AT, "orders", "i-1", 42, "abc", List.of(new DesiredPool("orders-*", 6, 16)), "because");
    try (Journal journal = Journal.open(dir, new JournalReplay(), warnings::add)) {
      journal.append(pin);
      journal.append(issued);
    }

    List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE_NAME));
    assertThat(lines)
        .containsExactly(
            "{\"at\":\"2026-01-01T00:00:00.123Z\",\"type\":\"pin\",\"service\":\"orders\","
                + "\"pool\":\"orders-*\",\"core\":6,\"max\":16,\"reason\":\"why\"}",
            "{\"at\":\"2026-01-01T00:00:00.123Z\",\"type\":\"desired\",\"service\":\"orders\","
                + "\"instance\":\"i-1\",\"version\":42,\"hash\":\"abc\",\"desired\":"
                + "[{\"pool\":\"orders-*\",\"core\":6,\"max\":16}],\"reason\":\"because\"}");
    JournalReplay replay = new JournalReplay();
    try (Journal reopened = Journal.open(dir, replay, warnings::add)) {
      assertThat(reopened.recent(10)).containsExactly(issued, pin);
    }
    assertThat(replay.entries()).isEqualTo(2);
    assertThat(warnings).isEmpty();
  }

  @Test
  void cutsOffATornLastLineAndAppendsCleanlyAfterIt() throws IOException {
    try (Journal journal = Journal.open(dir, new JournalReplay(), warnings::add)) {
      journal.append(new JournalEntry.Pinned(AT, "orders", "a-*", new PoolSizes(2, 4), "r"));
    }
    Path file = dir.resolve(Journal.FILE_NAME);
    // What kill -9 in the middle of a write leaves: half a line, no line break.
    Files.writeString(
        file, "{\"at\":\"2026-01-01T00:00:00Z\",\"type\":\"pin\",\"ser", StandardOpenOption.APPEND);

    JournalReplay replay = new JournalReplay();
    try (Journal journal = Journal.open(dir, replay, warnings::add)) {
      journal.append(new JournalEntry.Pinned(AT, "orders", "b-*", new PoolSizes(3, 5), "r"));
    }

    assertThat(replay.pins()).isEqualTo(Map.of("orders", Map.of("a-*", new PoolSizes(2, 4))));
    assertThat(warnings).singleElement().asString().contains("cut off an unfinished last line");
    JournalReplay again = new JournalReplay();
    Journal.open(dir, again, warnings::add).close();
    assertThat(again.pins())
        .isEqualTo(
            Map.of("orders", Map.of("a-*", new PoolSizes(2, 4), "b-*", new PoolSizes(3, 5))));
    assertThat(warnings).hasSize(1);
  }

  @Test
  void skipsAndReportsACompleteLineItCannotRead() throws IOException {
    Files.writeString(
        dir.resolve(Journal.FILE_NAME),
        "not json\n"
            + "{\"at\":\"2026-01-01T00:00:00Z\",\"type\":\"pin\",\"service\":\"s\",\"pool\":\"p\","
            + "\"core\":1,\"max\":2,\"reason\":\"\"}\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        dir.resolve(Journal.FILE_NAME), PosixFilePermissions.fromString("rw-------"));

    JournalReplay replay = new JournalReplay();
    Journal.open(dir, replay, warnings::add).close();

    assertThat(replay.pins()).isEqualTo(Map.of("s", Map.of("p", new PoolSizes(1, 2))));
    assertThat(warnings).singleElement().asString().contains("skipped line 1");
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefusedWhileTheFirstIsOpen() throws IOException {
    try (Journal first = Journal.open(dir, new JournalReplay(), warnings::add)) {
      assertThatThrownBy(() -> Journal.open(dir, new JournalReplay(), warnings::add))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another sidecar is using this data directory");
    }
  }

  @Test
  void recentIsBoundedAndNewestFirst() throws IOException {
    try (Journal journal = Journal.open(dir, new JournalReplay(), warnings::add)) {
      for (int i = 1; i <= Journal.RECENT_ENTRIES + 5; i++) {
        journal.append(new JournalEntry.Issued(AT, "s", "i", i, "h", List.of(), "r"));
      }
      List<JournalEntry> recent = journal.recent(Integer.MAX_VALUE);
      assertThat(recent).hasSize(Journal.RECENT_ENTRIES);
      assertThat(((JournalEntry.Issued) recent.get(0)).version())
          .isEqualTo(Journal.RECENT_ENTRIES + 5);
      assertThat(journal.recent(2)).hasSize(2);
    }
  }

  @Test
  void createsTheDataDirectoryAndTheFileForTheOwnerOnly() throws IOException {
    Path data = dir.resolve("new/data");

    Journal.open(data, new JournalReplay(), warnings::add).close();

    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(data.resolve(Journal.FILE_NAME))).isEqualTo("rw-------");
    assertThat(warnings).isEmpty();
  }

  @Test
  void makesAnExistingDataDirectoryAndJournalOwnerOnlyAndSaysSoOnce() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path file = Files.writeString(data.resolve(Journal.FILE_NAME), "");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    Journal.open(data, new JournalReplay(), warnings::add).close();
    Journal.open(data, new JournalReplay(), warnings::add).close();

    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(file)).isEqualTo("rw-------");
    assertThat(warnings)
        .containsExactly(
            "data.dir " + data + " has permissions rwxr-xr-x; made them rwx------ (owner only)",
            "journal " + file + " has permissions rw-r--r--; made them rw------- (owner only)");
  }

  @Test
  void aFailingAppendIsReportedOnceAndAgainWhenAppendsWorkAgain() throws IOException {
    FullDiskChannel[] disk = new FullDiskChannel[1];
    JournalEntry pin =
        new JournalEntry.Pinned(AT, "orders", "orders-*", new PoolSizes(6, 16), "why");
    try (Journal journal =
        Journal.open(
            dir,
            new JournalReplay(),
            warnings::add,
            channel -> disk[0] = new FullDiskChannel(channel))) {
      journal.append(pin);
      disk[0].full = true;
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> journal.append(pin))
            .isInstanceOf(IOException.class)
            .hasMessage(
                "cannot append to journal "
                    + dir.resolve(Journal.FILE_NAME)
                    + ": No space left on device");
      }
      assertThat(warnings)
          .containsExactly(
              "cannot append to journal "
                  + dir.resolve(Journal.FILE_NAME)
                  + ": No space left on device; until it can be written again pins and releases"
                  + " are refused, agents keep the sizes they have, and tuning and capacity"
                  + " decisions take no effect");
      disk[0].full = false;
      journal.append(pin);
      journal.append(pin);
    }

    assertThat(warnings)
        .hasSize(2)
        .last()
        .isEqualTo(
            "journal "
                + dir.resolve(Journal.FILE_NAME)
                + " can be written again; 3 appends failed meanwhile");
    JournalReplay replay = new JournalReplay();
    Journal.open(dir, replay, warnings::add).close();
    assertThat(replay.entries()).isEqualTo(3);
    assertThat(warnings).hasSize(2);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
