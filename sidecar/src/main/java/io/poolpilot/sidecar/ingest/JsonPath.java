package io.poolpilot.sidecar.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a value sits in an OTLP/JSON body, step by step from the top: {@code
 * resourceSpans[0].scopeSpans[1].spans[2]}. Each path shares its parent's steps, so noting where
 * something is in a large body costs one small object, not a copy of the path.
 *
 * @param parent the path to the object holding this step; null only for {@link #ROOT}
 * @param field the key of this step; null only for {@link #ROOT}
 * @param index the element of the array under {@code field}, or -1 when the step is the key's value
 *     itself
 */
record JsonPath(JsonPath parent, String field, int index) {

  /** The top-level object of the body. */
  static final JsonPath ROOT = new JsonPath(null, null, -1);

  /** The value under {@code key} of the object at this path. */
  JsonPath key(String key) {
    return new JsonPath(this, key, -1);
  }

  /** Element {@code i} of the array this path leads to. */
  JsonPath element(int i) {
    return new JsonPath(parent, field, i);
  }

  boolean isRoot() {
    return parent == null;
  }

  /** The steps from the top down, {@link #ROOT} left out. */
  List<JsonPath> steps() {
    Deque<JsonPath> steps = new ArrayDeque<>();
    for (JsonPath step = this; !step.isRoot(); step = step.parent) {
      steps.addFirst(step);
    }
    return List.copyOf(steps);
  }

  /** As OTLP/JSON readers write it, {@code resourceSpans[0].resource}; empty for the top. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (JsonPath step : steps()) {
      if (!text.isEmpty()) {
        text.append('.');
      }
      text.append(step.field);
      if (step.index >= 0) {
        text.append('[').append(step.index).append(']');
      }
    }
    return text.toString();
  }
}
