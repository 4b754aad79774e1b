package io.poolpilot.sidecar.ui;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The web page at {@code /}: pools, decisions and traces, drawn in the browser from the read-only
 * JSON API. Everything it loads comes from the sidecar's jar, so it works without a network: the
 * page itself from {@code webroot/}, its chart library (uPlot) from the WebJar's {@code
 * META-INF/resources/webjars}. It needs no token: it only reads.
 */
public final class WebPage {

  /** Where the page's own files are, on the class path. */
  static final String WEBROOT = "webroot";

  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private WebPage() {}

  /**
   * Serves the page at {@code /}, its files under {@code /ui/} and uPlot under {@code
   * /ui/vendor/uplot/}, whatever uPlot version the build bundled.
   */
  public static void mount(Router router) {
    String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist";
    router.get("/").handler(WebPage::index);
    router.get("/ui/vendor/uplot/*").handler(StaticHandler.create(uplot));
    // The page's files are small and change with the sidecar: always revalidated, never stale.
    router.get("/ui/*").handler(StaticHandler.create(WEBROOT).setCachingEnabled(false));
  }

  private static void index(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .sendFile(WEBROOT + "/index.html");
  }

  /** The bundled uPlot's version, from the WebJar's Maven properties. */
  static String uplotVersion() {
    try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            UPLOT_POM
                + " is not on the class path: the sidecar was built without the uPlot WebJar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
    }
  }
}
