package io.poolpilot.sidecar.ui;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The page and everything it loads come from the sidecar itself, with no token. */
@ExtendWith(VertxExtension.class)
class WebPageTest {

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sidecar = QuietSidecar.start(vertx, dir, "secret");
  }

  @Test
  void servesThePageAtTheRootWithoutAToken() {
    Http.Reply page = get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body().toString()).contains("<title>PoolPilot</title>");
  }

  @Test
  void servesEveryFileThePageLoadsFromTheJar() {
    String html = get("/").body().toString();

    for (String asset :
        new String[] {
          "ui/app.js",
          "ui/app.css",
          "ui/vendor/uplot/uPlot.iife.min.js",
          "ui/vendor/uplot/uPlot.min.css"
        }) {
      assertThat(html).contains("\"" + asset + "\"");
      Http.Reply reply = get("/" + asset);
      assertThat(reply.status()).as(asset).isEqualTo(200);
      assertThat(reply.body().length()).as(asset).isGreaterThan(1000);
    }
    assertThat(get("/ui/vendor/uplot/uPlot.iife.min.js").body().toString()).contains("uPlot");
  }

  @Test
  void anUnknownFileIsA404InTheApisErrorFormat() {
    Http.Reply reply = get("/ui/nope.js");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.body().toJsonObject().getString("error"))
        .isEqualTo("no resource at /ui/nope.js");
  }

  @Test
  void knowsWhichUplotTheBuildBundled() {
    assertThat(WebPage.uplotVersion()).matches("\\d+\\.\\d+\\.\\d+");
  }

  private Http.Reply get(String path) {
    return await(Http.get(vertx, sidecar.apiPort(), path));
  }
}
