package io.poolpilot.sidecar.journal;

import io.poolpilot.sidecar.auth.OwnerOnly;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The append-only decision journal, {@code journal.jsonl} in the data directory: one JSON object
 * per line (see {@link JournalCodec}), never rewritten.
 *
 * <p>Durability, as {@code docs/journal.md} explains: a pin or a release is forced to the disk
 * ({@code fsync}) before {@link #append} returns, so an API answer of 200 survives a power cut. A
 * desired-state version is written to the operating system (it survives {@code kill -9}) but not
 * forced: a version is at least the wall-clock millisecond it was issued in, and the sidecar never
 * issues one below the version an agent reports having applied, so a version lost with the page
 * cache can only be followed by a higher one.
 *
 * <p>Opening reads every line back. A last line without its line break is what an interrupted write
 * leaves; it was never acknowledged, so it is cut off and reported. A complete line that does not
 * decode is skipped and reported with its number. The file is locked while open, so a second
 * sidecar on the same data directory fails to start instead of interleaving lines.
 *
 * <p>The data directory is created {@code 700} and the file {@code 600}; existing ones that group
 * or others may use are made owner-only when the sidecar's user owns them ({@link OwnerOnly}).
 *
 * <p>A failing append (a full disk, an I/O error) is reported once, with the file and the error,
 * and once more when appends work again, not on every failure: every writer (the control endpoint,
 * the API, the decision loops, capacity) shares this one journal, so this is the one place that
 * knows whether it is writable.
 *
 * <p>Thread-safe. Appends block, so callers on an event loop hand them to a worker; {@link #recent}
 * never waits for a write.
 */
public final class Journal implements Closeable {

  public static final String FILE_NAME = "journal.jsonl";

  /** Entries kept in memory for {@link #recent}: enough for a screen of history. */
  public static final int RECENT_ENTRIES = 1000;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Object writes = new Object();
  private final Deque<JournalEntry> recent = new ArrayDeque<>();
  private final Consumer<String> warnings;

  /** Appends that failed since the last one that worked; guarded by {@link #writes}. */
  private long failing;

  private Journal(Path file, FileChannel channel, FileLock lock, Consumer<String> warnings) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.warnings = warnings;
  }

  /**
   * Opens (creating if needed) the journal in {@code dataDir} and feeds every entry to {@code
   * replay}, oldest first.
   *
   * @param warnings told, once each, about a torn last line, a line that was skipped, permissions
   *     made owner-only or left open; and later about appends failing and working again
   * @throws IOException if the directory or file cannot be created, read or locked
   */
  public static Journal open(Path dataDir, JournalReplay replay, Consumer<String> warnings)
      throws IOException {
    return open(dataDir, replay, warnings, UnaryOperator.identity());
  }

  /**
   * {@link #open(Path, JournalReplay, Consumer)} writing through {@code channels}' wrapper of the
   * file's channel: how a test makes appends fail as a full disk would.
   */
  static Journal open(
      Path dataDir,
      JournalReplay replay,
      Consumer<String> warnings,
      UnaryOperator<FileChannel> channels)
      throws IOException {
    Objects.requireNonNull(replay, "replay");
    Objects.requireNonNull(warnings, "warnings");
    if (Files.isDirectory(dataDir)) {
      OwnerOnly.restrict(dataDir, "data.dir").ifPresent(warnings);
    } else {
      OwnerOnly.createDirectories(dataDir);
    }
    Path file = dataDir.resolve(FILE_NAME);
    boolean created = !Files.exists(file);
    if (!created) {
      OwnerOnly.restrict(file, "journal").ifPresent(warnings);
    }
    FileChannel channel =
        channels.apply(
            FileChannel.open(
                file,
                Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                OwnerOnly.newFile(dataDir)));
    try {
      FileLock lock = lock(channel, file);
      Journal journal = new Journal(file, channel, lock, warnings);
      if (created) {
        syncDirectory(dataDir);
      }
      journal.readAll(replay, warnings);
      return journal;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static FileLock lock(FileChannel channel, Path file) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new IOException(
          "journal " + file + " is locked: another sidecar is using this data directory");
    }
    return lock;
  }

  private void readAll(JournalReplay replay, Consumer<String> warnings) throws IOException {
    channel.position(0);
    // Not closed: closing the stream would close the channel.
    InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    long lineNumber = 0;
    long complete = 0;
    long offset = 0;
    int b;
    while ((b = in.read()) != -1) {
      offset++;
      if (b != '\n') {
        line.write(b);
        continue;
      }
      lineNumber++;
      complete = offset;
      String text = line.toString(StandardCharsets.UTF_8).strip();
      line.reset();
      if (text.isEmpty()) {
        continue;
      }
      try {
        JournalEntry entry = JournalCodec.decode(text);
        replay.apply(entry);
        remember(entry);
      } catch (IllegalArgumentException e) {
        warnings.accept("journal " + file + ": skipped line " + lineNumber + ": " + e.getMessage());
      }
    }
    if (offset > complete) {
      channel.truncate(complete);
      channel.force(true);
      warnings.accept(
          "journal "
              + file
              + ": cut off an unfinished last line ("
              + (offset - complete)
              + " bytes) left by an interrupted write");
    }
    channel.position(complete);
  }

  /**
   * Appends one entry as a line; returns once it is written, and for a pin or release once it is on
   * the disk. On failure nothing of the entry stays in the file.
   */
  public void append(JournalEntry entry) throws IOException {
    byte[] line = (JournalCodec.encode(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (writes) {
      long start = channel.position();
      try {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (!(entry instanceof JournalEntry.Issued)) {
          channel.force(false);
        }
      } catch (IOException e) {
        try {
          channel.truncate(start);
          channel.position(start);
        } catch (IOException undo) {
          e.addSuppressed(undo);
        }
        IOException failure =
            new IOException("cannot append to journal " + file + ": " + e.getMessage(), e);
        if (failing++ == 0) {
          warnings.accept(
              failure.getMessage()
                  + "; until it can be written again pins and releases are refused, agents keep"
                  + " the sizes they have, and tuning and capacity decisions take no effect");
        }
        throw failure;
      }
      if (failing > 0) {
        warnings.accept(
            "journal "
                + file
                + " can be written again; "
                + failing
                + (failing == 1 ? " append" : " appends")
                + " failed meanwhile");
        failing = 0;
      }
    }
    remember(entry);
  }

  /** Up to {@code limit} of the latest entries (at most {@link #RECENT_ENTRIES}), newest first. */
  public List<JournalEntry> recent(int limit) {
    synchronized (recent) {
      List<JournalEntry> newestFirst = new ArrayList<>(Math.min(limit, recent.size()));
      Iterator<JournalEntry> it = recent.descendingIterator();
      while (it.hasNext() && newestFirst.size() < limit) {
        newestFirst.add(it.next());
      }
      return List.copyOf(newestFirst);
    }
  }

  public Path file() {
    return file;
  }

  private void remember(JournalEntry entry) {
    synchronized (recent) {
      recent.addLast(entry);
      if (recent.size() > RECENT_ENTRIES) {
        recent.removeFirst();
      }
    }
  }

  /** Releases the lock and the file. */
  @Override
  public void close() throws IOException {
    synchronized (writes) {
      if (channel.isOpen()) {
        try {
          lock.release();
        } finally {
          channel.close();
        }
      }
    }
  }

  /** Makes a new file's directory entry durable too; not every platform can open a directory. */
  private static void syncDirectory(Path dir) {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort: the first pin's fsync still makes its own data durable.
    }
  }
}
