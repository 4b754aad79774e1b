package io.poolpilot.agent.bootstrap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * Ends an asynchronous servlet request's span when the container completes the request: the handler
 * behind a proxy of the application's {@code AsyncListener} (see {@link
 * ServletSpans#endOnAsyncComplete}). It sees servlet types only as {@code Object}s and reaches them
 * through methods of the public API interfaces, found by reflection, so it works for {@code
 * jakarta.servlet} and {@code javax.servlet} and whatever classes a container implements them with.
 *
 * <p>{@code onError} keeps the error for the end; {@code onStartAsync} (the application started a
 * new asynchronous cycle, which drops the container's listeners) registers the proxy again, or ends
 * the span if the container refuses; {@code onComplete} ends the span. Reflective failures, which
 * the container's state can cause, never turn tracing off; only a failure of the bridge does.
 * {@code onTimeout} records nothing itself: the container answers a timeout that no listener
 * handled with an error status, which the end then reads.
 */
final class AsyncCompletion implements InvocationHandler {
  private static final ClassValue<Method> GET_STATUS =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> responseType) {
          try {
            return responseType.getMethod("getStatus");
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };

  private final ServletRequestSpan requestSpan;
  private final Object response;
  private final Method getStatus;
  private volatile Throwable error;

  AsyncCompletion(ServletRequestSpan requestSpan, Object response, Class<?> responseType) {
    this.requestSpan = requestSpan;
    this.response = response;
    this.getStatus = responseType == null ? null : GET_STATUS.get(responseType);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    try {
      Object event = args != null && args.length == 1 ? args[0] : null;
      switch (method.getName()) {
        case "onComplete":
          ServletSpans.end(requestSpan, null, status(), error);
          break;
        case "onError":
          Object thrown = throwableOf(event, method.getParameterTypes()[0]);
          if (thrown instanceof Throwable) {
            error = (Throwable) thrown;
          }
          break;
        case "onStartAsync":
          if (!registerAgain(proxy, method, event)) {
            // Without a listener for the new cycle nothing would end the span: end it now.
            ServletSpans.end(requestSpan, null, status(), error);
          }
          break;
        default:
          break;
      }
    } catch (Throwable t) {
      Tracing.fail(t);
    }
    return null;
  }

  /** The response's status, or -1 if it cannot be read: the span must end either way. */
  private int status() {
    if (getStatus == null || response == null) {
      return -1;
    }
    try {
      return (Integer) getStatus.invoke(response);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * {@code event.getAsyncContext().addListener(proxy)}, through the API's own interfaces; false if
   * the container refused (an {@code IllegalStateException} in a state that allows no listener).
   */
  private static boolean registerAgain(Object proxy, Method listenerMethod, Object event) {
    try {
      Method getAsyncContext = listenerMethod.getParameterTypes()[0].getMethod("getAsyncContext");
      Object asyncContext = event == null ? null : getAsyncContext.invoke(event);
      if (asyncContext == null) {
        return false;
      }
      getAsyncContext
          .getReturnType()
          .getMethod("addListener", listenerMethod.getDeclaringClass())
          .invoke(asyncContext, proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** {@code event.getThrowable()}, or null if it cannot be read. */
  private static Object throwableOf(Object event, Class<?> eventType) {
    try {
      return event == null ? null : eventType.getMethod("getThrowable").invoke(event);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "PoolPilot span end on async completion";
    }
  }
}
