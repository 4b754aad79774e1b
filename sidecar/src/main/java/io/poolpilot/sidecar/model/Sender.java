package io.poolpilot.sidecar.model;

/**
 * Who telemetry comes from, as far as the sidecar can tell ({@code docs/security.md}). Only an
 * agent's data steers pools; anything else is shown and forwarded, never trusted.
 */
public enum Sender {
  /** The PoolPilot agent that owns the instance: it proved the token and the instance's session. */
  AGENT,
  /** Any other OTLP sender (an OpenTelemetry SDK or agent, a tool): observed only. */
  UNVERIFIED
}
