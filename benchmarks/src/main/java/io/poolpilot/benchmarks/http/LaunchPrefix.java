package io.poolpilot.benchmarks.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands put in front of {@code java} when launching a service, which set how it is scheduled
 * on a shared machine:
 *
 * <ul>
 *   <li>{@code chrt -o 0}: back to the normal scheduler, when the benchmark itself runs at a
 *       real-time priority (so that its load generator never sends late) and its children would
 *       otherwise inherit that;
 *   <li>{@code setsid} and a write to {@code /proc/self/autogroup}: with autogroup scheduling,
 *       every session shares the cpus fairly with every other session whatever its processes'
 *       {@code nice}, so a service competes with other people's builds as one session among
 *       several; a session of its own with a negative autogroup nice gives it a larger share;
 *   <li>{@code taskset -c <cpus>}: pinning.
 * </ul>
 *
 * Each of them ends in {@code exec}, so the service keeps the process id the benchmark reads {@code
 * /proc} by.
 *
 * @param resetScheduler whether to add {@code chrt -o 0}
 * @param autogroupNice the new session's autogroup nice, or null for no new session
 */
record LaunchPrefix(boolean resetScheduler, Integer autogroupNice) {

  LaunchPrefix {
    if (autogroupNice != null && (autogroupNice < -20 || autogroupNice > 19)) {
      throw new IllegalArgumentException("autogroup nice " + autogroupNice + " outside -20..19");
    }
  }

  /** The commands before {@code java}, pinned to {@code cpus} unless that is null. */
  List<String> before(String cpus) {
    List<String> command = new ArrayList<>();
    if (resetScheduler) {
      command.addAll(List.of("chrt", "-o", "0"));
    }
    if (autogroupNice != null) {
      command.addAll(
          List.of(
              "setsid",
              "sh",
              "-c",
              "echo " + autogroupNice + " > /proc/self/autogroup && exec \"$@\"",
              "sh"));
    }
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    return command;
  }
}
