package io.poolpilot.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OrderServiceTest {

  @Test
  void readsTheCustomerFromTheQueryAndRefusesAnythingElse() {
    assertThat(OrderService.customerOf("customer=1042")).isEqualTo(1042);
    assertThat(OrderService.customerOf("x=1&customer=7")).isEqualTo(7);
    assertThat(OrderService.customerOf(null)).isEqualTo(-1);
    assertThat(OrderService.customerOf("customer=abc")).isEqualTo(-1);
  }

  @Test
  void rendersTheSameOrderForTheSameCustomerAndAboutOneKilobyte() {
    String order = new String(OrderService.renderOrder(1042), StandardCharsets.UTF_8);

    assertThat(order).isEqualTo(new String(OrderService.renderOrder(1042), StandardCharsets.UTF_8));
    assertThat(order).startsWith("{\"customer\":1042,\"lines\":[").contains("\"total\":");
    assertThat(order.length()).isBetween(800, 2_000);
  }
}
