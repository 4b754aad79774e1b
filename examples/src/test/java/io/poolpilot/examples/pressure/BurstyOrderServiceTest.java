package io.poolpilot.examples.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BurstyOrderServiceTest {

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void placesAnOrderOnAnOrdersPoolThread() throws Exception {
    try (BurstyOrderService service =
        BurstyOrderService.start(new BurstyOrderService.Options(0, 2, 4, 10, 5))) {
      HttpResponse<String> response = get(service, "/orders");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("order 1 placed");
      assertThat(service.pool().getCompletedTaskCount()).isEqualTo(1);
      assertThat(poolThreadNames()).isNotEmpty().allMatch(name -> name.matches("orders-\\d+"));
    }
  }

  @Test
  void answers503WhenTheQueueIsFull() throws Exception {
    // One thread, one queue slot, 300 ms an order: of six orders at once, at most two fit.
    try (BurstyOrderService service =
        BurstyOrderService.start(new BurstyOrderService.Options(0, 1, 1, 1, 300))) {
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        burst.add(
            client.sendAsync(request(service, "/orders"), HttpResponse.BodyHandlers.ofString()));
      }
      List<Integer> statuses =
          burst.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

      assertThat(statuses).contains(200, 503);
      assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(2);
      assertThat(service.pool().getLargestPoolSize()).isEqualTo(1);
    }
  }

  @Test
  void answersHealthWithoutThePool() throws Exception {
    try (BurstyOrderService service =
        BurstyOrderService.start(BurstyOrderService.Options.DEFAULTS)) {
      assertThat(get(service, "/health").body()).isEqualTo("ok\n");
      assertThat(service.pool().getTaskCount()).isZero();
    }
  }

  @Test
  void parsesThePortAndThePoolShapeFromArguments() {
    assertThat(BurstyOrderService.parse(new String[] {"8080", "--core", "3", "--queue", "50"}))
        .isEqualTo(new BurstyOrderService.Options(8080, 3, 16, 50, 20));
    assertThatThrownBy(() -> BurstyOrderService.parse(new String[] {"--core", "8", "--max", "4"}))
        .hasMessageContaining("core=8 max=4");
    assertThatThrownBy(() -> BurstyOrderService.parse(new String[] {"--threads", "4"}))
        .hasMessage("unknown option --threads");
  }

  private HttpResponse<String> get(BurstyOrderService service, String path)
      throws IOException, InterruptedException {
    return client.send(request(service, path), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(BurstyOrderService service, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static Set<String> poolThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("orders-"))
        .collect(Collectors.toSet());
  }
}
