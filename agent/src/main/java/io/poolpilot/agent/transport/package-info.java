/**
 * How the agent talks HTTP to its sidecar: blocking posts on the agent's own threads, with no
 * client threads, selectors or futures of their own (see {@link
 * io.poolpilot.agent.transport.HttpPost} for why).
 */
package io.poolpilot.agent.transport;
