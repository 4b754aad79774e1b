/**
 * Spans and request metrics: the agent-side half of the tracing bridge. Framework advice fills
 * {@link io.poolpilot.agent.bootstrap.ServerRequest}s through the bootstrap hooks; the classes here
 * turn them into OpenTelemetry SERVER spans and {@code http.server.*} metrics, carry context across
 * pool hops, and choose the sampler.
 */
package io.poolpilot.agent.tracing;
