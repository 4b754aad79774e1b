/**
 * The bootstrap bridge: the only agent classes that advice inlined into {@code java.base} may
 * reference. They are loaded by the bootstrap class loader, so they use JDK types only and hold the
 * hot-path state (task wrappers, per-thread timings, per-pool probes) that the rest of the agent
 * reads from its own, isolated class loader.
 *
 * <p>The one exception is the protocol module ({@code io.poolpilot.protocol}, JDK types only
 * itself), whose histogram bucket layout the cells record in: the agent jar carries it relocated to
 * {@code io.poolpilot.agent.bootstrap.protocol}, so it lies on the boot class path beside this
 * package and the rest of the agent sees the very same classes.
 */
package io.poolpilot.agent.bootstrap;
