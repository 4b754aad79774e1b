package io.poolpilot.sidecar.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A fixed-capacity first-in-first-out buffer: adding to a full ring overwrites the oldest element,
 * so a series never holds more than {@link #capacity()} elements however long it runs. The array is
 * allocated once, at the full capacity.
 *
 * <p>Not thread-safe: its owner locks around it.
 */
final class SampleRing<T> {

  private final Object[] elements;
  private int head;
  private int size;

  SampleRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is below 1");
    }
    elements = new Object[capacity];
  }

  int capacity() {
    return elements.length;
  }

  int size() {
    return size;
  }

  /** Appends {@code element}, dropping the oldest one if the ring is full. */
  void add(T element) {
    elements[(head + size) % elements.length] = element;
    if (size < elements.length) {
      size++;
    } else {
      head = (head + 1) % elements.length;
    }
  }

  /** Drops elements from the oldest end for as long as they match. */
  void dropOldestWhile(Predicate<T> stale) {
    while (size > 0 && stale.test(get(0))) {
      elements[head] = null;
      head = (head + 1) % elements.length;
      size--;
    }
  }

  /** The elements, oldest first, as an immutable copy. */
  List<T> toList() {
    List<T> copy = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      copy.add(get(i));
    }
    return List.copyOf(copy);
  }

  @SuppressWarnings("unchecked")
  private T get(int i) {
    return (T) elements[(head + i) % elements.length];
  }
}
