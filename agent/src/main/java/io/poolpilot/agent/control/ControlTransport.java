package io.poolpilot.agent.control;

import java.io.IOException;

/** Carries one control exchange; an exception or a non-success answer means "unreachable". */
interface ControlTransport {
  /** Sends the agent's message and returns the sidecar's answer. */
  byte[] exchange(byte[] agentMessage) throws IOException, InterruptedException;
}
