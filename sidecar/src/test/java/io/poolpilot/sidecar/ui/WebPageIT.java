package io.poolpilot.sidecar.ui;

import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.poolpilot.testsupport.MutableClock;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against a sidecar fed real OTLP and control polls ({@link PageStory}): the charts draw, the
 * decisions show their reasons, and a trace opens as a waterfall with each server span's pool and
 * queue wait.
 *
 * <p>Skipped, saying why, where Chromium or its driver is not installed ({@code .ci/run} installs
 * them; the system properties {@code poolpilot.chromium} and {@code poolpilot.chromedriver} name
 * other paths). Screenshots go to {@code target/screenshots}, or to the directory named by the
 * system property {@code poolpilot.screenshots} (the ones in {@code docs/} were taken with {@code
 * -Dpoolpilot.screenshots=../docs}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(
    value = "browserInstalled",
    disabledReason =
        "needs /usr/bin/chromium and /usr/bin/chromedriver: apt-get install -y chromium"
            + " chromium-driver (.ci/run installs them)")
class WebPageIT {

  private static final Path CHROMIUM =
      Paths.get(System.getProperty("poolpilot.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Paths.get(System.getProperty("poolpilot.chromedriver", "/usr/bin/chromedriver"));
  private static final String TOKEN = "page-test-token";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private Vertx vertx;
  private Sidecar sidecar;
  private WebDriver browser;
  private Path screenshots;

  /** Whether Chromium and its driver are there; says so on stderr when not, so a skip is seen. */
  static boolean browserInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed) {
      System.err.println(
          "WebPageIT SKIPPED: needs "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
    }
    return installed;
  }

  @BeforeAll
  void start() throws IOException {
    screenshots = Paths.get(System.getProperty("poolpilot.screenshots", "target/screenshots"));
    Files.createDirectories(screenshots);

    vertx = Vertx.vertx();
    // Two minutes of telemetry that end now, so the page shows the times a user would see.
    MutableClock clock =
        new MutableClock(Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS));
    sidecar = QuietSidecar.start(vertx, dir.resolve("data"), TOKEN, clock);
    PageStory story = new PageStory(sidecar, clock, TOKEN);
    story.play(120);
    assertThat(story.checkoutSize()).as("the tuner grew checkout's pool").isGreaterThan(4);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    browser = new ChromeDriver(driver, options);
    browser.manage().window().setSize(new Dimension(1440, 1000));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (sidecar != null) {
      await(sidecar.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  @Order(1)
  void poolsAreChartedOverTimeWithTheObjective() throws IOException {
    browser.get(page("/"));

    eventually(
        () -> {
          assertThat(browser.findElements(By.cssSelector(".pool-card"))).hasSize(2);
          for (String chart : List.of("threads", "wait", "rate", "cpu")) {
            WebElement box = chartOf(PageStory.CHECKOUT_POOL, chart);
            assertThat(box.getDomAttribute("data-points")).as("%s chart drawn", chart).isNotNull();
            assertThat(Integer.parseInt(box.getDomAttribute("data-points")))
                .as("points on the %s chart", chart)
                .isGreaterThan(100);
            assertThat(paintedPixels(box.findElement(By.tagName("canvas"))))
                .as("pixels drawn on the %s chart", chart)
                .isGreaterThan(500);
          }
          assertThat(chartOf(PageStory.CHECKOUT_POOL, "wait").getText())
              .contains("objective 50 ms");
          assertThat(card(PageStory.CHECKOUT_POOL).getText())
              .contains("serves requests")
              .contains("Last decision");
          assertThat(card(PageStory.INVENTORY_POOL).getText()).contains("Last decision");
        });
    screenshot("ui-pools.png", 1440, fullHeight());
  }

  @Test
  @Order(2)
  void decisionsShowTheirReasons() throws IOException {
    browser.get(page("/#decisions"));

    eventually(
        () -> {
          assertThat(rows("#decisions-table tr[data-type=tune]")).isNotEmpty();
          assertThat(
                  browser
                      .findElement(By.cssSelector("#decisions-table tr[data-type=tune] .reason"))
                      .getText())
              .contains("queue wait")
              .contains("50 ms");
          assertThat(
                  browser
                      .findElement(By.cssSelector("#decisions-table tr[data-type=pin]"))
                      .getText())
              .contains("pin core 12, max 12")
              .contains("pinned through PUT /api/pools");
          assertThat(rows("#decisions-table tr[data-type=release]")).hasSize(1);
          assertThat(rows("#decisions-table tr[data-type=desired]")).isNotEmpty();
        });
    screenshot("ui-decisions.png", 1440, 900);
  }

  @Test
  @Order(3)
  void tracesAreSearchableAndOpenAsAWaterfallWithPoolAndQueueWait() throws IOException {
    browser.get(page("/#traces"));
    eventually(() -> assertThat(rows("#traces-table tbody tr")).hasSizeGreaterThan(100));

    browser.findElement(By.id("trace-errors")).click();
    eventually(
        () ->
            assertThat(rows("#traces-table tbody tr"))
                .isNotEmpty()
                .allSatisfy(
                    row -> assertThat(row.getText()).contains("POST /orders").contains("error")));
    browser.findElement(By.id("trace-errors")).click();
    browser.findElement(By.id("trace-route")).sendKeys("checkout");
    browser.findElement(By.id("trace-min")).sendKeys("200");
    eventually(
        () -> {
          List<WebElement> rows = rows("#traces-table tbody tr");
          assertThat(rows).hasSize(1);
          assertThat(rows.get(0).getDomAttribute("data-trace")).isEqualTo(PageStory.SLOW_TRACE);
        });

    // The list refreshes itself: click again until the waterfall shows (a refresh may replace
    // the row between finding and clicking it).
    eventually(
        () -> {
          if (rows("#waterfall .span-row").isEmpty()) {
            browser.findElement(By.cssSelector("#traces-table tbody tr")).click();
          }
          assertThat(rows("#waterfall .span-row")).hasSize(5);
          List<WebElement> servers = rows("#waterfall .span-row[data-kind=SERVER]");
          assertThat(servers).hasSize(2);
          assertThat(servers.get(0).getText())
              .contains("GET /checkout/{cart}")
              .contains("pool " + PageStory.CHECKOUT_POOL)
              .contains("queue wait 120 ms");
          assertThat(servers.get(1).getText())
              .contains("GET /stock/{sku}")
              .contains("pool " + PageStory.INVENTORY_POOL)
              .contains("queue wait 4 ms");
          assertThat(rows("#waterfall .span-wait")).hasSize(2);
        });
    screenshot("ui-trace.png", 1440, 1000);
  }

  /** Asserts until it holds: the page refreshes itself, replacing elements under the test. */
  private static void eventually(ThrowingRunnable assertion) {
    await()
        .atMost(PATIENCE)
        .ignoreException(StaleElementReferenceException.class)
        .untilAsserted(assertion);
  }

  private List<WebElement> rows(String css) {
    return browser.findElements(By.cssSelector(css));
  }

  private String page(String path) {
    return "http://127.0.0.1:" + sidecar.apiPort() + path;
  }

  private WebElement card(String pool) {
    return browser.findElements(By.cssSelector(".pool-card")).stream()
        .filter(card -> card.findElement(By.tagName("h3")).getText().equals(pool))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no card for pool " + pool));
  }

  private WebElement chartOf(String pool, String chart) {
    return card(pool).findElement(By.cssSelector("[data-chart=" + chart + "]"));
  }

  /** Pixels that are not transparent: what uPlot drew (axes, grid and the series). */
  private long paintedPixels(WebElement canvas) {
    Object count =
        ((JavascriptExecutor) browser)
            .executeScript(
                "var c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data,"
                    + " n = 0; for (var i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;",
                canvas);
    return ((Number) count).longValue();
  }

  private int fullHeight() {
    Object height =
        ((JavascriptExecutor) browser)
            .executeScript("return document.documentElement.scrollHeight;");
    return Math.min(3000, ((Number) height).intValue());
  }

  private void screenshot(String name, int width, int height) throws IOException {
    Dimension before = browser.manage().window().getSize();
    browser.manage().window().setSize(new Dimension(width, height));
    try {
      byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
      Files.write(screenshots.resolve(name), png);
    } finally {
      browser.manage().window().setSize(before);
    }
  }
}
