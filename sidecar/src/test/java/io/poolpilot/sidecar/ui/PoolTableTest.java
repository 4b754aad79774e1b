package io.poolpilot.sidecar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.sidecar.model.PoolKey;
import io.poolpilot.sidecar.model.PoolSnapshot;
import io.poolpilot.sidecar.model.WaitQuantiles;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PoolTableTest {

  @Test
  void showsOnePoolALineUnderAHeader() {
    PoolSnapshot pool =
        new PoolSnapshot(
            new PoolKey("orders", "0123456789abcdef", "orders-*"),
            1,
            OptionalLong.of(4),
            OptionalLong.of(16),
            OptionalLong.of(4),
            OptionalLong.of(0),
            OptionalLong.of(120),
            OptionalLong.of(1000),
            OptionalDouble.of(0.41),
            OptionalLong.of(1234),
            OptionalLong.of(0),
            new WaitQuantiles(80, OptionalDouble.of(0.1205), OptionalDouble.of(0.3801)));

    String[] lines = PoolTable.render(List.of(pool)).split("\n");

    assertThat(lines).hasSize(2);
    assertThat(lines[0].split(" +"))
        .containsExactly(
            "SERVICE",
            "INSTANCE",
            "POOL",
            "CORE",
            "MAX",
            "ACTIVE",
            "IDLE",
            "QUEUED",
            "OLDEST_MS",
            "WAIT_P50_MS",
            "WAIT_P99_MS",
            "COMPLETED",
            "REJECTED");
    assertThat(lines[1].split(" +"))
        .containsExactly(
            "orders",
            "01234567",
            "orders-*",
            "4",
            "16",
            "4",
            "0",
            "120",
            "410.0",
            "120.5",
            "380.1",
            "1234",
            "0");
  }

  @Test
  void showsADashForReadingsNotReportedYet() {
    PoolSnapshot pool =
        new PoolSnapshot(
            new PoolKey("orders", "", "orders-*"),
            1,
            OptionalLong.of(4),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalDouble.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            WaitQuantiles.NONE);

    String row = PoolTable.render(List.of(pool)).split("\n")[1];

    assertThat(row.split(" +"))
        .containsExactly(
            "orders", "-", "orders-*", "4", "-", "-", "-", "-", "-", "-", "-", "-", "-");
  }

  @Test
  void saysSoWhenThereAreNoPools() {
    assertThat(PoolTable.render(List.of())).isEqualTo("(no pools reported yet)\n");
  }
}
