package io.poolpilot.agent.instrumentation;

/**
 * Tells the application's classes, as they are first loaded, from the JDK's and the agent's own,
 * for transformers that look at every class: those of the boot and platform loaders and of the
 * agent's loader, and classes in JDK packages, are never the application's.
 */
public final class ApplicationClasses {
  private final ClassLoader agentLoader;
  private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();

  public ApplicationClasses(ClassLoader agentLoader) {
    this.agentLoader = agentLoader;
  }

  /**
   * Whether the class the JVM is handing to a transformer is an application class loaded for the
   * first time (not one being redefined or retransformed).
   */
  public boolean isFirstLoad(
      ClassLoader loader, String internalName, Class<?> classBeingRedefined) {
    return loader != null
        && loader != platformLoader
        && loader != agentLoader
        && classBeingRedefined == null
        && internalName != null
        && !internalName.startsWith("java/")
        && !internalName.startsWith("jdk/")
        && !internalName.startsWith("sun/")
        && !internalName.startsWith("com/sun/");
  }
}
