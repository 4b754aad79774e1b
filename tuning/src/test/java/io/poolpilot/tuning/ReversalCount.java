package io.poolpilot.tuning;

import java.util.ArrayList;
import java.util.List;

/** Counts the tuner's reversals in a series of sizes, one a second, as the budget does. */
final class ReversalCount {
  private ReversalCount() {}

  /**
   * The most reversals (a change opposite in direction to the previous change) within any 60
   * seconds of {@code sizes}, one size a second.
   */
  static int worstMinute(List<Integer> sizes) {
    List<Integer> reversalSeconds = new ArrayList<>();
    int last = 0;
    for (int i = 1; i < sizes.size(); i++) {
      int direction = Integer.signum(sizes.get(i) - sizes.get(i - 1));
      if (direction != 0) {
        if (direction == -last) {
          reversalSeconds.add(i);
        }
        last = direction;
      }
    }
    int worst = 0;
    for (int from = 0; from < reversalSeconds.size(); from++) {
      int count = 0;
      for (int to = from; to < reversalSeconds.size(); to++) {
        if (reversalSeconds.get(to) - reversalSeconds.get(from) < 60) {
          count++;
        }
      }
      worst = Math.max(worst, count);
    }
    return worst;
  }
}
