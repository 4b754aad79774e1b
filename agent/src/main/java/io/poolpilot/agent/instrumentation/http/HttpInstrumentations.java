package io.poolpilot.agent.instrumentation.http;

import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.http.client.HttpUrlConnectionInstrumentation;
import io.poolpilot.agent.instrumentation.http.client.JdkHttpClientInstrumentation;
import io.poolpilot.agent.instrumentation.http.servlet.JakartaServletInstrumentation;
import io.poolpilot.agent.instrumentation.http.servlet.JavaxServletInstrumentation;
import io.poolpilot.agent.instrumentation.http.vertx.VertxContextInstrumentation;
import io.poolpilot.agent.instrumentation.http.vertx.VertxHttpServerInstrumentation;
import io.poolpilot.agent.instrumentation.http.vertx.VertxWebInstrumentation;
import java.util.ArrayList;
import java.util.List;

/** Every request-path instrumentation: server frameworks, outgoing clients, handler methods. */
public final class HttpInstrumentations {
  private HttpInstrumentations() {}

  public static List<TypeInstrumentation> all(AgentConfig config) {
    List<TypeInstrumentation> all = new ArrayList<>();
    all.add(new JdkHttpServerInstrumentation());
    all.add(new JdkHttpClientInstrumentation());
    all.add(new HttpUrlConnectionInstrumentation());
    all.add(new JakartaServletInstrumentation());
    all.add(new JavaxServletInstrumentation());
    all.add(new VertxHttpServerInstrumentation());
    all.add(new VertxContextInstrumentation());
    all.add(new VertxWebInstrumentation());
    if (!config.handlers().isEmpty()) {
      all.add(new HandlerMethodInstrumentation(config.handlers()));
    }
    return all;
  }
}
