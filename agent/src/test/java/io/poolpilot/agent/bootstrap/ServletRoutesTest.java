package io.poolpilot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServletRoutesTest {
  @Test
  void springPatternUnderTheDefaultMappingIsTheRoute() {
    assertThat(ServletRoutes.route("", "/owners/{id}", "DEFAULT", "/", "/owners/7", false))
        .isEqualTo("/owners/{id}");
  }

  @Test
  void springPatternGetsTheContextPathInFront() {
    assertThat(
            ServletRoutes.route("/petclinic", "/owners/{id}", "DEFAULT", "/", "/owners/7", false))
        .isEqualTo("/petclinic/owners/{id}");
  }

  @Test
  void springPatternUnderAPrefixMappingGetsTheServletPathInFront() {
    assertThat(ServletRoutes.route("/shop", "/orders/{id}", "PATH", "/api/*", "/api", true))
        .isEqualTo("/shop/api/orders/{id}");
  }

  @Test
  void springPatternUnderASlashStarMappingNeedsNoServletPath() {
    assertThat(ServletRoutes.route("", "/orders/{id}", "PATH", "/*", "", true))
        .isEqualTo("/orders/{id}");
  }

  @Test
  void springPatternWithoutMappingInformationUsesThePathInfoToSpotAPrefixMapping() {
    assertThat(ServletRoutes.route("", "/orders/{id}", null, null, "/api", true))
        .isEqualTo("/api/orders/{id}");
    assertThat(ServletRoutes.route("", "/orders/{id}", null, null, "/orders/7", false))
        .isEqualTo("/orders/{id}");
  }

  @Test
  void withoutSpringTheServletMappingIsTheRoute() {
    assertThat(ServletRoutes.route("", null, "PATH", "/items/*", "/items", true))
        .isEqualTo("/items/*");
    assertThat(ServletRoutes.route("/app", null, "EXACT", "/status", "/status", false))
        .isEqualTo("/app/status");
    assertThat(ServletRoutes.route("/app", null, "EXTENSION", "*.jsp", "/a/b.jsp", false))
        .isEqualTo("/app/*.jsp");
  }

  @Test
  void theDefaultServletServesEverythingUnderTheContext() {
    assertThat(ServletRoutes.route("", null, "DEFAULT", "/", "/static/app.js", false))
        .isEqualTo("/*");
    assertThat(ServletRoutes.route("/app", null, "DEFAULT", "/", "/static/app.js", false))
        .isEqualTo("/app/*");
  }

  @Test
  void theContextRootMappingIsTheContextsRoot() {
    assertThat(ServletRoutes.route("", null, "CONTEXT_ROOT", "", "", false)).isEqualTo("/");
    assertThat(ServletRoutes.route("/app", null, "CONTEXT_ROOT", "", "", false)).isEqualTo("/app/");
  }

  @Test
  void withoutMappingInformationOnlyAPrefixMappingIsATemplate() {
    assertThat(ServletRoutes.route("/app", null, null, null, "/items", true))
        .isEqualTo("/app/items/*");
    // Exact, extension and default mappings look alike here; the servlet path of a default
    // mapping is the raw path, which must never become the route.
    assertThat(ServletRoutes.route("/app", null, null, null, "/orders/42", false)).isNull();
  }

  @Test
  void aMappingWithoutPatternGivesNoRoute() {
    assertThat(ServletRoutes.route("", null, "PATH", "", "/items", true)).isNull();
    assertThat(ServletRoutes.route("", null, "UNKNOWN", "/x", "/x", false)).isNull();
  }

  @Test
  void aNullContextPathIsTheRootContext() {
    assertThat(ServletRoutes.route(null, "/a/{b}", "DEFAULT", "/", "/a/1", false))
        .isEqualTo("/a/{b}");
  }
}
