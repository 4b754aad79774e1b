package io.poolpilot.agent.instrumentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.bytebuddy.dynamic.DynamicType;

/**
 * What each instrumented class gets, by its binary name: the instrumentations fill it in and the
 * {@link AdviceWeaver} applies it. Classes are chosen by exact name only, so no type matcher (and
 * none of Byte Buddy's {@code AgentBuilder}, about 400 classes of its own to load and verify before
 * the application's first request) is needed to choose them.
 */
public final class Weavings {
  /** Adds advice to the class being woven, usually with {@code builder.visit(...)}. */
  @FunctionalInterface
  public interface Weave {
    DynamicType.Builder<?> apply(DynamicType.Builder<?> builder);
  }

  private final Map<String, List<Weave>> byName = new LinkedHashMap<>();

  /**
   * Weaves {@code weave} into the class of this binary name; several weaves of one class are
   * applied in the order they were added.
   */
  public Weavings type(String binaryName, Weave weave) {
    Objects.requireNonNull(binaryName, "binaryName");
    Objects.requireNonNull(weave, "weave");
    byName.computeIfAbsent(binaryName, name -> new ArrayList<>()).add(weave);
    return this;
  }

  /** Every weave added, by binary name, each list in the order added. */
  Map<String, List<Weave>> byName() {
    Map<String, List<Weave>> copy = new LinkedHashMap<>();
    byName.forEach((name, weaves) -> copy.put(name, List.copyOf(weaves)));
    return copy;
  }
}
