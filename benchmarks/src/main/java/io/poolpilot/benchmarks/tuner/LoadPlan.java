package io.poolpilot.benchmarks.tuner;

import io.poolpilot.examples.load.PhasedLoad;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The phases every variant is driven through, in one run, one after another, so the tuner meets
 * each phase in the state the previous one left it (as in production): a warm-up that is not
 * scored, then a step from 25% to 75% of capacity, an overload at 2× capacity, on/off bursts (1.7×
 * and 0.15× capacity), and steady load at 2/3 of capacity while a {@link CpuNeighbour} takes {@link
 * #NEIGHBOUR_SHARE} of the processors.
 *
 * <p>Capacity here is what the downstream can do: {@code nStar / downstream time} = 3 / 25 ms = 120
 * requests a second (the service's CPU work, 2 ms a request, allows several times more on two
 * processors, until the neighbour takes them).
 *
 * @param segments the segments in order; consecutive segments of one group are scored together
 */
record LoadPlan(List<Segment> segments) {
  static final String WARMUP = "warmup";
  static final double CAPACITY = 120;
  static final double NEIGHBOUR_SHARE = 0.7;

  /** A stretch of constant open-loop rate; {@code neighbour}: the CPU neighbour runs during it. */
  record Segment(String group, double seconds, double rate, boolean neighbour) {}

  LoadPlan {
    segments = List.copyOf(segments);
  }

  /** Phases of {@code seconds} each (the burst phase in on/off halves of a seventh of that). */
  static LoadPlan withPhasesOf(double seconds, double warmupSeconds) {
    List<Segment> s = new ArrayList<>();
    s.add(new Segment(WARMUP, warmupSeconds, 0.2 * CAPACITY, false));
    s.add(new Segment("step", seconds / 2, 0.25 * CAPACITY, false));
    s.add(new Segment("step", seconds / 2, 0.75 * CAPACITY, false));
    s.add(new Segment("overload", seconds, 2 * CAPACITY, false));
    for (int i = 0; i < 7; i++) {
      s.add(new Segment("burst", seconds / 7, (i % 2 == 0 ? 1.7 : 0.15) * CAPACITY, false));
    }
    s.add(new Segment("neighbour", seconds, CAPACITY * 2 / 3, true));
    return new LoadPlan(s);
  }

  /** The scored groups, in order. */
  List<String> groups() {
    LinkedHashSet<String> groups = new LinkedHashSet<>();
    segments.stream().map(Segment::group).filter(g -> !g.equals(WARMUP)).forEach(groups::add);
    return List.copyOf(groups);
  }

  double seconds(String group) {
    return segments.stream()
        .filter(s -> s.group().equals(group))
        .mapToDouble(Segment::seconds)
        .sum();
  }

  double totalSeconds() {
    return segments.stream().mapToDouble(Segment::seconds).sum();
  }

  /** The segments as {@link PhasedLoad} phases (named group-index) of one stream to {@code url}. */
  List<PhasedLoad.Phase> phases(String target, URI url) {
    List<PhasedLoad.Phase> phases = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      phases.add(
          new PhasedLoad.Phase(
              segment.group() + "-" + i,
              Duration.ofMillis(Math.round(segment.seconds() * 1000)),
              List.of(new PhasedLoad.Stream(target, url, segment.rate()))));
    }
    return phases;
  }
}
