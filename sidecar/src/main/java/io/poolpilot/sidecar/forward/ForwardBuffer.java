package io.poolpilot.sidecar.forward;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The payloads waiting for the upstream, oldest first, bounded by their total size.
 *
 * <p>When a new payload does not fit, the oldest ones are dropped until it does, and counted: when
 * the upstream is down for long, what gets through when it returns is the most recent telemetry,
 * which is what a person looking at a dashboard wants. A payload larger than the whole buffer is
 * dropped at once. The payload being sent is out of the buffer ({@link #poll()}); if it has to be
 * tried again it goes back to the front ({@link #putBack}) only if it still fits, being the oldest.
 * So memory stays under the bound plus the one payload in flight.
 *
 * <p>Each drop is also told to a {@link DropListener}, outside the buffer's lock, so that a person
 * hears of it ({@link DropReporter}) and not only a counter.
 *
 * <p>Thread-safe: ingest event loops offer, the forwarder polls.
 */
public final class ForwardBuffer<T> {

  /** Hears of payloads dropped because the buffer was full. */
  @FunctionalInterface
  public interface DropListener {
    /** {@code payloads} payloads, {@code bytes} in all, were just dropped; called once per drop. */
    void dropped(int payloads, long bytes);
  }

  private record Entry<T>(T payload, long size) {}

  private final long maxBytes;
  private final ToLongFunction<T> size;
  private final Deque<Entry<T>> entries = new ArrayDeque<>();
  private long bytes;
  private final DropListener listener;
  private long dropped;

  public ForwardBuffer(long maxBytes, ToLongFunction<T> size) {
    this(maxBytes, size, (payloads, bytes) -> {});
  }

  public ForwardBuffer(long maxBytes, ToLongFunction<T> size, DropListener listener) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is below 1");
    }
    this.maxBytes = maxBytes;
    this.size = size;
    this.listener = listener;
  }

  /**
   * Appends a payload, dropping the oldest as needed to stay within the bound.
   *
   * @return how many payloads were dropped for it (itself, if it is larger than the bound)
   */
  public int offer(T payload) {
    long payloadSize = size.applyAsLong(payload);
    int droppedNow = 0;
    long droppedBytes = 0;
    synchronized (this) {
      if (payloadSize > maxBytes) {
        droppedNow = 1;
        droppedBytes = payloadSize;
      } else {
        while (bytes + payloadSize > maxBytes) {
          long oldest = entries.removeFirst().size();
          bytes -= oldest;
          droppedBytes += oldest;
          droppedNow++;
        }
        entries.addLast(new Entry<>(payload, payloadSize));
        bytes += payloadSize;
      }
      dropped += droppedNow;
    }
    if (droppedNow > 0) {
      listener.dropped(droppedNow, droppedBytes);
    }
    return droppedNow;
  }

  /** Takes the oldest payload out, to send it; empty when there is none. */
  public synchronized Optional<T> poll() {
    Entry<T> first = entries.pollFirst();
    if (first == null) {
      return Optional.empty();
    }
    bytes -= first.size();
    return Optional.of(first.payload());
  }

  /**
   * Returns a payload that {@link #poll()} gave and that must be tried again to the front, if it
   * fits beside the newer ones; otherwise it is the oldest and is dropped.
   *
   * @return false if it was dropped
   */
  public boolean putBack(T payload) {
    long payloadSize = size.applyAsLong(payload);
    synchronized (this) {
      if (bytes + payloadSize <= maxBytes) {
        entries.addFirst(new Entry<>(payload, payloadSize));
        bytes += payloadSize;
        return true;
      }
      dropped++;
    }
    listener.dropped(1, payloadSize);
    return false;
  }

  public synchronized int payloads() {
    return entries.size();
  }

  public synchronized long bytes() {
    return bytes;
  }

  /** Payloads dropped so far because the buffer was full. */
  public synchronized long dropped() {
    return dropped;
  }
}
