package io.poolpilot.agent.instrumentation.http.client;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolpilot.agent.bootstrap.ClientHooks;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.Weavings;
import java.net.URLConnection;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Carries the current trace on requests sent with {@code HttpURLConnection}. The JDK's
 * implementation writes its request after one of {@code connect}, {@code getOutputStream} or {@code
 * getInputStream} (which {@code getResponseCode} and friends call) was entered, and request
 * properties can only be set before that; so the headers are added on entry to those three while
 * the connection is not yet connected, unless the application set a {@code traceparent} itself.
 * HTTPS connections delegate to a subclass of the same class whose {@code connect()} is its own, so
 * that one is advised too. No CLIENT span is made.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
  static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  static final String HTTPS_CONNECTION =
      "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";

  @Override
  public List<String> typeNames() {
    return List.of(CONNECTION, HTTPS_CONNECTION);
  }

  @Override
  public void instrument(Weavings weavings) {
    weavings
        .type(
            CONNECTION,
            b ->
                b.visit(
                    Advice.to(ConnectAdvice.class)
                        .on(
                            namedOneOf("connect", "getOutputStream", "getInputStream")
                                .and(takesArguments(0)))))
        .type(
            HTTPS_CONNECTION,
            b ->
                b.visit(
                    Advice.to(ConnectAdvice.class).on(named("connect").and(takesArguments(0)))));
  }

  static final class ConnectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This URLConnection connection, @Advice.FieldValue("connected") boolean connected) {
      if (!connected) {
        ClientHooks.beforeRequest(connection);
      }
    }
  }
}
