package io.poolpilot.agent.bootstrap;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a pool was built: the first stack frame outside the JDK's executor classes and outside the
 * pool's own constructors. It names pools whose threads carry the JDK's default names and tells
 * apart pools whose names would clash, in a way that does not depend on start order.
 */
public final class ConstructionSite {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /** Class loader of the agent's own classes; pools built by them are the agent's own. */
  static volatile ClassLoader agentLoader;

  private final String className;
  private final String methodName;
  private final int line;
  private final boolean insideAgent;

  ConstructionSite(String className, String methodName, int line, boolean insideAgent) {
    this.className = className;
    this.methodName = methodName;
    this.line = line;
    this.insideAgent = insideAgent;
  }

  /** Walks the current stack; called from the pool's constructor. */
  static ConstructionSite capture() {
    List<StackWalker.StackFrame> frames = WALKER.walk(s -> s.collect(Collectors.toList()));
    ClassLoader agent = agentLoader;
    boolean insideAgent = false;
    StackWalker.StackFrame site = null;
    for (StackWalker.StackFrame frame : frames) {
      Class<?> type = frame.getDeclaringClass();
      if (agent != null && type.getClassLoader() == agent) {
        insideAgent = true;
      }
      if (site == null && !isExecutorMachinery(frame, type)) {
        site = frame;
      }
    }
    if (site == null) {
      return new ConstructionSite("unknown", "unknown", -1, insideAgent);
    }
    return new ConstructionSite(
        site.getClassName(), site.getMethodName(), site.getLineNumber(), insideAgent);
  }

  private static boolean isExecutorMachinery(StackWalker.StackFrame frame, Class<?> type) {
    if (type.getName().startsWith("java.util.concurrent.")
        || type.getName().startsWith("io.poolpilot.agent.bootstrap.")) {
      return true;
    }
    // A pool's constructors chaining to each other, or a subclass's chaining to its pool class's,
    // are part of building the pool.
    return "<init>".equals(frame.getMethodName()) && PoolKind.isPoolClass(type);
  }

  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  /** Source line, or -1 where the class carries no line numbers. */
  public int line() {
    return line;
  }

  boolean insideAgent() {
    return insideAgent;
  }

  /** {@code SimpleClassName.method:line}: short, stable across restarts of the same build. */
  public String shortForm() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple + "." + methodName + (line >= 0 ? ":" + line : "");
  }

  @Override
  public String toString() {
    return className + "." + methodName + (line >= 0 ? ":" + line : "");
  }

  /** For tests of the naming rules, which run without a real stack to walk. */
  public static ConstructionSite of(String className, String methodName, int line) {
    return new ConstructionSite(className, methodName, line, false);
  }
}
