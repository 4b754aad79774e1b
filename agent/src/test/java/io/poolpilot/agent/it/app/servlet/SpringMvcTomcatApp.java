package io.poolpilot.agent.it.app.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A Spring MVC application on embedded Tomcat, set up as one would without Spring Boot: a {@code
 * DispatcherServlet} on {@code /} with an annotation-configured context, behind one filter. {@code
 * /owners/{id}} answers, {@code /owners/{id}/fail} throws, {@code /unavailable} answers 503, {@code
 * /owners/{id}/async} answers from a {@code Callable} after 300 ms. Prints {@code listening <port>}
 * and stops on a line on stdin.
 */
public final class SpringMvcTomcatApp {
  private SpringMvcTomcatApp() {}

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);

    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(WebConfig.class, OwnerController.class);
    Wrapper dispatcher = Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(spring));
    dispatcher.setAsyncSupported(true);
    dispatcher.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");

    FilterDef filter = new FilterDef();
    filter.setFilterName("served-by");
    filter.setFilter(new ServedByFilter());
    filter.setAsyncSupported("true");
    context.addFilterDef(filter);
    FilterMap map = new FilterMap();
    map.setFilterName("served-by");
    map.addURLPattern("/*");
    context.addFilterMap(map);

    // The same controller again, under a context path and a prefix mapping.
    Context shop = tomcat.addContext("/shop", null);
    AnnotationConfigWebApplicationContext shopSpring = new AnnotationConfigWebApplicationContext();
    shopSpring.register(WebConfig.class, OwnerController.class);
    Tomcat.addServlet(shop, "api", new DispatcherServlet(shopSpring)).setLoadOnStartup(1);
    shop.addServletMappingDecoded("/api/*", "api");

    tomcat.start();
    System.out.println("listening " + tomcat.getConnector().getLocalPort());

    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    tomcat.stop();
    tomcat.destroy();
    System.out.println("stopped");
  }

  /** Spring MVC with its defaults. */
  @Configuration
  @EnableWebMvc
  public static class WebConfig {}

  /** The controller under test. */
  @RestController
  public static class OwnerController {
    @GetMapping("/owners/{id}")
    public String owner(@PathVariable("id") String id) {
      return "owner " + id;
    }

    @GetMapping("/owners/{id}/fail")
    public String fail(@PathVariable("id") String id) {
      throw new IllegalStateException("owner " + id + " cannot be read");
    }

    @GetMapping("/owners/{id}/async")
    public Callable<String> later(@PathVariable("id") String id) {
      return () -> {
        Thread.sleep(300);
        return "owner " + id + " later";
      };
    }

    @GetMapping("/unavailable")
    public ResponseEntity<String> unavailable() {
      return ResponseEntity.status(503).body("try later");
    }
  }

  /** A filter every request passes, as most applications have some. */
  static final class ServedByFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }
  }
}
