package io.poolpilot.tuning.eval.node;

import io.poolpilot.tuning.eval.node.SharedNode.Outcome;
import io.poolpilot.tuning.eval.node.SharedNode.Service;
import io.poolpilot.tuning.node.ServiceClass;
import java.util.List;
import java.util.Locale;

/**
 * The node budget's two-service scenario: a critical service and a batch service on 2 shared
 * processors. The critical service's goodput within its objective is compared with what it gets
 * alone on the node, the batch service's processors with what the critical one leaves (the
 * processors less its use alone); both with the budget on and, for contrast, off. The last line is
 * {@code node-eval: critical_ratio=<x> batch_share=<y>} (with the budget).
 */
public final class NodeEvaluation {

  static final int PROCESSORS = 2;
  static final double OBJECTIVE = 0.1;
  static final double SECONDS = 120;
  static final double WARMUP = 20;

  /** 40 requests/s of 10 ms CPU: 0.4 processors, plenty of threads. */
  static final Service CRITICAL = new Service("front", ServiceClass.CRITICAL, 40, 0.010, 16, 200);

  /** 300 tasks/s of 20 ms CPU: 6 processors wanted, a pool of 64 threads "to be safe". */
  static final Service BATCH = new Service("hashing", ServiceClass.BATCH, 300, 0.020, 64, 1000);

  /** The figures of one evaluation. */
  record Result(
      double criticalAlone,
      double criticalShared,
      double criticalUnbudgeted,
      double remainder,
      double batchCpu,
      double batchCpuUnbudgeted,
      List<Integer> batchCaps) {

    double criticalRatio() {
      return criticalShared / criticalAlone;
    }

    double batchShare() {
      return batchCpu / remainder;
    }
  }

  private NodeEvaluation() {}

  static Result evaluate(long seed) {
    Outcome alone =
        SharedNode.run(seed, PROCESSORS, List.of(CRITICAL), OBJECTIVE, SECONDS, WARMUP, false)
            .get(0);
    List<Outcome> budgeted =
        SharedNode.run(
            seed, PROCESSORS, List.of(CRITICAL, BATCH), OBJECTIVE, SECONDS, WARMUP, true);
    List<Outcome> open =
        SharedNode.run(
            seed, PROCESSORS, List.of(CRITICAL, BATCH), OBJECTIVE, SECONDS, WARMUP, false);
    return new Result(
        alone.withinObjectivePerSecond(),
        budgeted.get(0).withinObjectivePerSecond(),
        open.get(0).withinObjectivePerSecond(),
        PROCESSORS - alone.cpu(),
        budgeted.get(1).cpu(),
        open.get(1).cpu(),
        budgeted.get(1).caps());
  }

  public static void main(String[] args) {
    Result result = evaluate(args.length > 0 ? Long.parseLong(args[0]) : 18);
    System.out.printf(
        Locale.ROOT,
        "critical within %.0f ms: alone %.1f/s, with batch and the budget %.1f/s, without it"
            + " %.1f/s%n",
        OBJECTIVE * 1000,
        result.criticalAlone(),
        result.criticalShared(),
        result.criticalUnbudgeted());
    System.out.printf(
        Locale.ROOT,
        "batch processors: %.2f with the budget, %.2f without, of %.2f the critical leaves;"
            + " caps %s%n",
        result.batchCpu(),
        result.batchCpuUnbudgeted(),
        result.remainder(),
        result.batchCaps().stream().distinct().toList());
    System.out.printf(
        Locale.ROOT,
        "node-eval: critical_ratio=%.3f batch_share=%.3f%n",
        result.criticalRatio(),
        result.batchShare());
  }
}
