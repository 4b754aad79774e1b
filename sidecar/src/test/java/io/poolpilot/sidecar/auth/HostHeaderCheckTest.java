package io.poolpilot.sidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostHeaderCheckTest {

  private final HostHeaderCheck loopback = new HostHeaderCheck("127.0.0.1", List.of());

  @Test
  void servesLoopbackNamesWithOrWithoutThePort() {
    for (String host :
        List.of(
            "localhost",
            "localhost:8480",
            "LocalHost.:8480",
            "127.0.0.1",
            "127.0.0.1:4318",
            "127.8.9.10:4318",
            "[::1]",
            "[::1]:8480")) {
      assertThat(loopback.refusal(host)).as(host).isEmpty();
    }
  }

  @Test
  void servesAnyIpAddressBecauseRebindingNeedsAName() {
    assertThat(loopback.refusal("10.1.2.3:8480")).isEmpty();
    assertThat(loopback.refusal("[fd00::1]:8480")).isEmpty();
  }

  @Test
  void servesARequestWithoutHostAsHttp10SendsIt() {
    assertThat(loopback.refusal(null)).isEmpty();
  }

  @Test
  void refusesAnyOtherNameSayingWhatIsAllowed() {
    assertThat(loopback.refusal("evil.example:8480"))
        .contains(
            "Host 'evil.example:8480' is not a name of this sidecar: expected an IP address or"
                + " one of localhost (more names go in the setting allowed.hosts). Refused so that"
                + " a web page whose name resolves to this machine (DNS rebinding) cannot reach"
                + " the sidecar");
    for (String host :
        List.of(
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "127.0.0.256",
            "evil.example:80:80",
            "evil.example:port",
            "[::1",
            "",
            "user@localhost")) {
      assertThat(loopback.refusal(host)).as(host).isPresent();
    }
  }

  @Test
  void servesTheBindNameAndTheConfiguredNamesInAnyCase() {
    HostHeaderCheck check =
        new HostHeaderCheck("sidecar.local", List.of("orders.shop.svc", "Orders"));

    assertThat(check.refusal("sidecar.local:4318")).isEmpty();
    assertThat(check.refusal("ORDERS.shop.svc:8480")).isEmpty();
    assertThat(check.refusal("orders")).isEmpty();
    assertThat(check.refusal("orders.shop")).isPresent();
    assertThat(check.refusal("evil.example").orElseThrow())
        .contains("one of localhost, orders, orders.shop.svc, sidecar.local");
  }

  @Test
  void aStarServesEveryName() {
    assertThat(new HostHeaderCheck("127.0.0.1", List.of("*")).refusal("evil.example")).isEmpty();
  }

  @Test
  void anAllowedNameIsAHostNameOrAddressWithoutSchemeOrPort() {
    assertThat(HostHeaderCheck.allowedName(" Orders.Shop.Svc. ")).isEqualTo("orders.shop.svc");
    assertThat(HostHeaderCheck.allowedName("[fd00::1]")).isEqualTo("[fd00::1]");
    for (String bad : List.of("orders:8480", "http://orders", "orders/x", "", "a b")) {
      assertThatThrownBy(() -> HostHeaderCheck.allowedName(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
