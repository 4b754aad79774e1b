/**
 * The bootstrap bridge: the only agent classes that advice inlined into {@code java.base} may
 * reference. They are loaded by the bootstrap class loader, so they use JDK types only and hold the
 * hot-path state (task wrappers, per-thread timings, per-pool probes) that the rest of the agent
 * reads from its own, isolated class loader.
 */
package io.poolpilot.agent.bootstrap;
