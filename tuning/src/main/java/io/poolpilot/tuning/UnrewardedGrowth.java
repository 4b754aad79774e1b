package io.poolpilot.tuning;

/**
 * Growths made while the pool fails to serve what arrives that got no more work done, only a longer
 * run time: the mark of threads that wait in a line behind the pool (a downstream's few slots, a
 * lock), where the queue model's "size for the objective" runs away.
 *
 * <p>The model sizes a pool as arrivals × run time. Behind a downstream limited to N concurrent
 * calls, every thread beyond N adds its wait to every request's run time, so each growth raises the
 * size the model asks for next. Each step alone can look harmless (its run time within the noise,
 * or CPU moved by a neighbour), and where the service sheds requests that waited past a deadline
 * the queue never grows long enough to count as a backlog. tuner-real's overload grew a request
 * pool 4 → 8 → 11 → … → 76 this way, one step every few seconds: goodput flat at about 110/s of 240
 * arriving, the run time 29 → 375 ms, each step's failures no higher than the last.
 *
 * <p>Little's law tells such a run apart from a growth that pays: busy threads = goodput × run
 * time, so with goodput flat the run time rises in proportion to the threads added when they only
 * wait. The anchor is the size before the first growth, moved up to the latest size whenever
 * goodput there rose beyond its noise (a growth that got more done is never blamed). Once the pool
 * has grown {@value #GROWTHS_WITHOUT_GAIN} times and by {@value #THREADS_WITHOUT_GAIN}× from the
 * anchor, and goodput is still below {@value #KEEPING_UP} of the arrivals, within its noise of the
 * anchor's, with the run time up by at least {@value #PROPORTIONAL_RISE} of the proportional rise,
 * the growths go back to the anchor. A pool that keeps up with its arrivals is not judged here: it
 * grows for the queue wait, which more threads do shorten while goodput stays what arrives; nor is
 * a pool whose requests fail at a steady rate for reasons of their own, since its run time does not
 * rise with the threads.
 */
final class UnrewardedGrowth {

  /** Growths since the anchor before the run can be judged: one step alone is judged by itself. */
  static final int GROWTHS_WITHOUT_GAIN = 2;

  /** ... and the size they reached, as a multiple of the anchor. */
  static final double THREADS_WITHOUT_GAIN = 1.5;

  /** Goodput at or above this share of the arrivals: the pool serves what arrives. */
  static final double KEEPING_UP = 0.9;

  /** The share of the proportional rise of run time that shows the added threads only waited. */
  static final double PROPORTIONAL_RISE = 0.5;

  private int anchorSize;
  private double anchorGoodput;
  private double anchorExecution;
  private int growths;

  /**
   * A growth from {@code from} threads was made.
   *
   * @param goodput the goodput measured at {@code from}, per second
   * @param execution the mean run time at {@code from}, seconds
   * @param margin the relative change of goodput that is an effect and not noise
   */
  void grew(int from, double goodput, double execution, double margin) {
    if (anchorSize == 0 || goodput > anchorGoodput * (1 + margin)) {
      anchorSize = from;
      anchorGoodput = goodput;
      anchorExecution = execution;
      growths = 1;
    } else {
      growths++;
    }
  }

  /** Any other change, or a period that served what arrived: the run, if any, is over. */
  void reset() {
    anchorSize = 0;
    growths = 0;
  }

  /** Whether goodput at this rate serves the arrivals, so that no run is judged. */
  static boolean keepsUp(double goodput, double arrivals) {
    return goodput >= KEEPING_UP * arrivals;
  }

  /**
   * The size to go back to, or 0 when the growths since the anchor are not to blame.
   *
   * @param size the pool's size now
   * @param goodput the goodput measured at {@code size}, per second
   * @param arrivals the arrival rate, per second
   * @param execution the mean run time at {@code size}, seconds; 0 when not measured
   * @param margin the relative change of goodput that is an effect and not noise
   */
  int rollbackTo(int size, double goodput, double arrivals, double execution, double margin) {
    if (growths < GROWTHS_WITHOUT_GAIN
        || anchorWithoutGain(goodput, arrivals, margin) == 0
        || size < THREADS_WITHOUT_GAIN * anchorSize
        || execution <= 0
        || anchorExecution <= 0) {
      return 0;
    }
    double proportional = (double) size / anchorSize - 1;
    return execution / anchorExecution - 1 >= PROPORTIONAL_RISE * proportional ? anchorSize : 0;
  }

  /**
   * The anchor, when the growths since it got no more done than it did while the pool still fails
   * to serve what arrives; 0 otherwise. Where one growth is judged worse on its own, this is how
   * far back it goes: the earlier growths of its run were of no more use (tuner-real: 7 → 11 → 13
   * at the onset of an overload, 13 judged worse, and 11 kept for three more seconds at a size
   * where the pool completed nothing within the deadline).
   *
   * @param goodput the goodput measured now, per second
   * @param arrivals the arrival rate, per second
   * @param margin the relative change of goodput that is an effect and not noise
   */
  int anchorWithoutGain(double goodput, double arrivals, double margin) {
    return anchorSize == 0 || keepsUp(goodput, arrivals) || goodput > anchorGoodput * (1 + margin)
        ? 0
        : anchorSize;
  }

  /** The mean run time at the anchor, seconds. */
  double anchorExecution() {
    return anchorExecution;
  }

  /** The numbers behind a rollback, for the journal. */
  String evidence(int size, double goodput, double execution) {
    return growths
        + " growths "
        + anchorSize
        + "→"
        + size
        + " left goodput "
        + Reasons.number(anchorGoodput)
        + "→"
        + Reasons.number(goodput)
        + "/s while execution "
        + Reasons.duration(anchorExecution)
        + "→"
        + Reasons.duration(execution);
  }
}
