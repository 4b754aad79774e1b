package io.poolpilot.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {

  @Test
  void closesEveryResourceAndThrowsTheFirstFailureWithTheOthersSuppressed() {
    List<String> closed = new ArrayList<>();
    IOException first = new IOException("first");
    IllegalStateException second = new IllegalStateException("second");
    List<AutoCloseable> resources =
        List.of(
            () -> {
              closed.add("a");
              throw first;
            },
            () -> closed.add("b"),
            () -> {
              closed.add("c");
              throw second;
            },
            () -> closed.add("d"));

    assertThatThrownBy(() -> Cleanup.closeAll(resources))
        .isSameAs(first)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
    assertThat(closed).containsExactly("a", "b", "c", "d");
  }

  @Test
  void throwsNothingWhenEveryResourceCloses() throws Exception {
    List<String> closed = new ArrayList<>();

    Cleanup.closeAll(List.of(() -> closed.add("a"), () -> closed.add("b")));

    assertThat(closed).containsExactly("a", "b");
  }
}
