package io.poolpilot.sidecar.it.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * A plain application that logs through {@code java.util.logging}, which the OpenTelemetry Java
 * agent captures and exports as OTLP logs. It logs the line given as its argument once, says so on
 * stdout, and stays up until it reads {@code stop}, so the agent has time to export.
 */
public final class JulLoggingApp {

  private static final Logger LOG = Logger.getLogger(JulLoggingApp.class.getName());

  private JulLoggingApp() {}

  public static void main(String[] args) throws IOException {
    LOG.info(args[0]);
    System.out.println("logged");
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
      if (line.equals("stop")) {
        return;
      }
    }
  }
}
