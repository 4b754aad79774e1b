package io.poolpilot.agent.instrumentation.http;

import io.poolpilot.agent.config.AgentConfig;
import io.poolpilot.agent.instrumentation.TypeInstrumentation;
import io.poolpilot.agent.instrumentation.http.client.HttpUrlConnectionInstrumentation;
import io.poolpilot.agent.instrumentation.http.client.JdkHttpClientInstrumentation;
import io.poolpilot.agent.instrumentation.http.servlet.JakartaServletInstrumentation;
import io.poolpilot.agent.instrumentation.http.servlet.JavaxServletInstrumentation;
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
    if (!config.handlers().isEmpty()) {
      all.add(new HandlerMethodInstrumentation(config.handlers()));
    }
    return all;
  }
}
