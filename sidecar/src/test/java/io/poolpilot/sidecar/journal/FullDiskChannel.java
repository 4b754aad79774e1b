package io.poolpilot.sidecar.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The journal's real file channel, except that while {@link #full} writes fail as they do on a full
 * disk, after part of the line went in. A portable stand-in: a tiny file system cannot be mounted
 * in a test, and a file made read-only under an open channel still takes writes.
 */
final class FullDiskChannel extends FileChannel {

  private static final int TAKEN_WHEN_FULL = 10;

  private final FileChannel file;
  volatile boolean full;

  FullDiskChannel(FileChannel file) {
    this.file = file;
  }

  private void check() throws IOException {
    if (full) {
      throw new IOException("No space left on device");
    }
  }

  /** While full, takes all but the last few bytes, a few at a time, then fails: a torn line. */
  @Override
  public int write(ByteBuffer src) throws IOException {
    if (full && src.remaining() > TAKEN_WHEN_FULL) {
      ByteBuffer some = src.slice().limit(TAKEN_WHEN_FULL);
      int written = file.write(some);
      src.position(src.position() + written);
      return written;
    }
    check();
    return file.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    check();
    return file.write(srcs, offset, length);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    check();
    return file.write(src, position);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return file.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return file.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return file.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    file.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    file.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    check();
    return file.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return file.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
