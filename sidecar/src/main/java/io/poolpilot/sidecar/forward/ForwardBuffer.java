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
 * <p>Thread-safe: ingest event loops offer, the forwarder polls.
 */
public final class ForwardBuffer<T> {

  private record Entry<T>(T payload, long size) {}

  private final long maxBytes;
  private final ToLongFunction<T> size;
  private final Deque<Entry<T>> entries = new ArrayDeque<>();
  private long bytes;
  private long dropped;

  public ForwardBuffer(long maxBytes, ToLongFunction<T> size) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is below 1");
    }
    this.maxBytes = maxBytes;
    this.size = size;
  }

  /**
   * Appends a payload, dropping the oldest as needed to stay within the bound.
   *
   * @return how many payloads were dropped for it (itself, if it is larger than the bound)
   */
  public synchronized int offer(T payload) {
    long payloadSize = size.applyAsLong(payload);
    if (payloadSize > maxBytes) {
      dropped++;
      return 1;
    }
    int droppedNow = 0;
    while (bytes + payloadSize > maxBytes) {
      bytes -= entries.removeFirst().size();
      droppedNow++;
    }
    dropped += droppedNow;
    entries.addLast(new Entry<>(payload, payloadSize));
    bytes += payloadSize;
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
  public synchronized boolean putBack(T payload) {
    long payloadSize = size.applyAsLong(payload);
    if (bytes + payloadSize > maxBytes) {
      dropped++;
      return false;
    }
    entries.addFirst(new Entry<>(payload, payloadSize));
    bytes += payloadSize;
    return true;
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
