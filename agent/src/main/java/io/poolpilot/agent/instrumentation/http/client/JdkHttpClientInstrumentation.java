package io.poolpilot.agent.instrumentation.http.client;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.poolpilot.agent.bootstrap.ClientHooks;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.net.http.HttpRequest;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Carries the current trace on requests sent with {@code java.net.http.HttpClient}. Every {@code
 * send} and {@code sendAsync} of the JDK's implementation ends in one private {@code sendAsync} on
 * the caller's thread, where the current context is the caller's; all of them are advised anyway,
 * so a JDK that routes them differently is still covered, and the first advice to run adds the
 * headers while the later ones find them present. {@code HttpRequest} is immutable, so the advice
 * replaces the argument with a copy that carries the headers; a request whose {@code traceparent}
 * the application set itself is left alone. No CLIENT span is made: the server on the other side
 * becomes a child of the span current at the call.
 */
public final class JdkHttpClientInstrumentation implements TypeInstrumentation {
  static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

  @Override
  public List<String> typeNames() {
    return List.of(CLIENT);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings.type(
        CLIENT,
        b ->
            b.visit(
                Advice.to(SendAdvice.class)
                    .on(
                        namedOneOf("send", "sendAsync")
                            .and(takesArgument(0, named(HttpRequest.class.getName()))))));
  }

  static final class SendAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
      if (request == null || request.headers().firstValue("traceparent").isPresent()) {
        return;
      }
      String traceparent = ClientHooks.traceparent();
      if (traceparent == null) {
        return;
      }
      HttpRequest.Builder copy = HttpRequest.newBuilder(request, ClientHooks.EVERY_HEADER);
      copy.header("traceparent", traceparent);
      String tracestate = ClientHooks.tracestate();
      if (tracestate != null && request.headers().firstValue("tracestate").isEmpty()) {
        copy.header("tracestate", tracestate);
      }
      request = copy.build();
    }
  }
}
