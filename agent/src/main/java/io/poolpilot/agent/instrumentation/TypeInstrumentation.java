package io.poolpilot.agent.instrumentation;

import java.util.List;

/**
 * One instrumented target. Each names the exact classes it transforms, so the installer can ignore
 * every other class by name alone, the cheapest test there is, and so it can tell whether all of a
 * target's classes were transformed before turning it on.
 */
public interface TypeInstrumentation {
  /** Binary names of the classes this instrumentation transforms. */
  List<String> typeNames();

  /** Says, for each of {@link #typeNames()}, what is woven into it. */
  void instrument(Weavings weavings);
}
