package io.poolpilot.agent.instrumentation;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One instrumented target. Each names the exact classes it transforms, so the installer can ignore
 * every other class by name alone, the cheapest test there is, and so it can tell whether all of a
 * target's classes were transformed before turning it on.
 */
public interface TypeInstrumentation {
  /** Binary names of the classes this instrumentation transforms. */
  List<String> typeNames();

  /** Adds this instrumentation's transformations to {@code builder}. */
  AgentBuilder instrument(AgentBuilder builder);
}
