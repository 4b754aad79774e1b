package io.poolpilot.agent.instrumentation.http;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.poolpilot.agent.bootstrap.MethodSpanHooks;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spans for the methods named in the {@code handlers} key: {@code com.acme.Orders#place} or {@code
 * com.acme.Billing#*} (every method the class declares). Each call is an INTERNAL span under the
 * current one, or a SERVER span when no span is current, since it then is the request's entry (a
 * message listener, a scheduled job). Classes are matched by exact name, so this costs start-up
 * nothing for classes not named.
 */
public final class HandlerMethodInstrumentation implements TypeInstrumentation {
  private final Map<String, Set<String>> methodsByClass = new LinkedHashMap<>();

  /**
   * @param handlers entries of the {@code handlers} key, already validated as {@code Class#method}
   */
  public HandlerMethodInstrumentation(List<String> handlers) {
    for (String handler : handlers) {
      int hash = handler.indexOf('#');
      methodsByClass
          .computeIfAbsent(handler.substring(0, hash), c -> new LinkedHashSet<>())
          .add(handler.substring(hash + 1));
    }
  }

  @Override
  public List<String> typeNames() {
    return new ArrayList<>(methodsByClass.keySet());
  }

  @Override
  public void instrument(Weavings weavings) {
    for (Map.Entry<String, Set<String>> entry : methodsByClass.entrySet()) {
      ElementMatcher.Junction<MethodDescription> methods =
          isMethod().and(not(isAbstract())).and(not(isSynthetic()));
      if (!entry.getValue().contains("*")) {
        methods = methods.and(namedOneOf(entry.getValue().toArray(new String[0])));
      }
      ElementMatcher.Junction<MethodDescription> chosen = methods;
      weavings.type(entry.getKey(), b -> b.visit(Advice.to(MethodAdvice.class).on(chosen)));
    }
  }

  static final class MethodAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
      return MethodSpanHooks.enter(type, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Thrown Throwable error) {
      MethodSpanHooks.exit(span, error);
    }
  }
}
