package io.poolpilot.agent.pool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls a framework pool's methods by reflection. The agent's class loader cannot see Tomcat or
 * Jetty, so their pools are called through {@link Method}s looked up once per pool class.
 */
final class Reflected {
  private Reflected() {}

  /**
   * The method {@code name(params)} of {@code type} or of a superclass, public or not, made
   * accessible where the module system allows (a framework on the class path always does).
   *
   * @throws IllegalStateException if there is no such method
   */
  static Method method(Class<?> type, String name, Class<?>... params) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      try {
        Method method = t.getDeclaredMethod(name, params);
        if (!method.trySetAccessible()) {
          throw new IllegalStateException(
              t.getName() + "." + name + " cannot be called from the agent: its module is closed");
        }
        return method;
      } catch (NoSuchMethodException e) {
        // look in the superclass
      }
    }
    throw new IllegalStateException(type.getName() + " has no method " + name);
  }

  /** Like {@link #method}, or null where the method is missing or cannot be called. */
  static Method optionalMethod(Class<?> type, String name, Class<?>... params) {
    try {
      return method(type, name, params);
    } catch (IllegalStateException e) {
      return null;
    }
  }

  /** Calls {@code method} on {@code target}, rethrowing what the method itself threw. */
  static Object call(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(method.getName() + " failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(method.getName() + " cannot be called: " + e, e);
    }
  }

  static int callInt(Method method, Object target, Object... args) {
    return ((Number) call(method, target, args)).intValue();
  }

  static long callLong(Method method, Object target) {
    return ((Number) call(method, target)).longValue();
  }

  static boolean callBoolean(Method method, Object target) {
    return (Boolean) call(method, target);
  }
}
