/**
 * The agent's side of the control protocol (docs/protocol.md): it polls the sidecar for desired
 * pool sizes, applies them through the resize registry and reports what it did. The agent opens no
 * port; everything here runs on one daemon thread of its own.
 */
package io.poolpilot.agent.control;
