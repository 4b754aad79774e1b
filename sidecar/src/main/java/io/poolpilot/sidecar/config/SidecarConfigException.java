package io.poolpilot.sidecar.config;

/**
 * A setting the sidecar cannot start with; the message names it, its value and what was expected.
 */
public final class SidecarConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SidecarConfigException(String message) {
    super(message);
  }

  public SidecarConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
