package io.poolpilot.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Locale;
import java.util.jar.JarFile;

/**
 * {@code -javaagent} entry point. Everything here catches {@link Throwable}: whatever goes wrong,
 * the application starts as if the agent were absent, and stderr says why once.
 */
public final class PoolPilotAgent {
  private static final String SELF = "io/poolpilot/agent/launcher/PoolPilotAgent.class";
  private static final String BRIDGE = "io.poolpilot.agent.bootstrap.ExecutorHooks";
  private static final String MAIN = "io.poolpilot.agent.AgentMain";

  private PoolPilotAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  /** Attaching to a running JVM works the same way; pools already running are picked up too. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static void start(String args, Instrumentation inst) {
    try {
      if (killSwitchOn(args)) {
        System.err.println("[poolpilot] enabled=false: the agent installs nothing");
        return;
      }
      File agentJar = locateAgentJar();
      ensureBridgeOnBootstrapPath(inst, agentJar);
      ClassLoader loader = new AgentClassLoader(agentJar);
      Class<?> main = Class.forName(MAIN, true, loader);
      Method start = main.getMethod("start", String.class, Instrumentation.class, File.class);
      start.invoke(null, args, inst, agentJar);
    } catch (Throwable t) {
      Throwable cause = t.getCause() != null ? t.getCause() : t;
      System.err.println(
          "[poolpilot] the agent could not start; the application runs without it: " + cause);
    }
  }

  /**
   * The kill switch is read here, before anything else is loaded, with the same precedence as every
   * other key: agent arguments, then system property, then environment. Any value other than a
   * clear {@code false} leaves the agent on; the full configuration reports bad values.
   */
  static boolean killSwitchOn(String args) {
    String value = null;
    if (args != null) {
      for (String pair : args.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals("enabled")) {
          value = pair.substring(eq + 1).trim();
        }
      }
    }
    if (value == null) {
      value = System.getProperty("poolpilot.enabled");
    }
    if (value == null) {
      value = System.getenv("POOLPILOT_ENABLED");
    }
    return value != null && value.trim().toLowerCase(Locale.ROOT).equals("false");
  }

  private static File locateAgentJar() throws Exception {
    URL self = ClassLoader.getSystemResource(SELF);
    if (self == null || !"jar".equals(self.getProtocol())) {
      throw new IllegalStateException("cannot find the agent jar from " + self);
    }
    String path = self.getPath();
    String jarUrl = path.substring(0, path.indexOf("!/"));
    return new File(new URL(jarUrl).toURI());
  }

  /**
   * The manifest's {@code Boot-Class-Path} puts the bridge on the bootstrap class path when the jar
   * keeps its name ({@code poolpilot-agent.jar}); that way class-data sharing stays on. A renamed
   * jar is appended here instead.
   */
  private static void ensureBridgeOnBootstrapPath(Instrumentation inst, File agentJar)
      throws Exception {
    try {
      Class.forName(BRIDGE, false, null);
    } catch (ClassNotFoundException notThere) {
      inst.appendToBootstrapClassLoaderSearch(new JarFile(agentJar));
      Class.forName(BRIDGE, false, null);
    }
  }
}
