package io.poolpilot.benchmarks.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's threads counted by kind: the name {@code /proc/<pid>/task/<tid>/comm} gives (at most
 * 15 characters) with every run of digits replaced by {@code #}, so that {@code
 * http-nio-8080-exec-12} and {@code http-nio-9090-exec-3} are one kind. Comparing a service under
 * an agent with the same service without one by kind separates what the agent starts (kinds the
 * service without an agent does not have at all, such as {@code poolpilot-metric}) from how many
 * threads the application's own pools happen to hold (Tomcat's workers, which follow recent load),
 * which a plain count mixes up.
 *
 * @param byKind threads per kind, sorted by kind
 */
record ThreadCensus(Map<String, Integer> byKind) {

  ThreadCensus {
    byKind = Map.copyOf(new TreeMap<>(byKind));
  }

  /** The census of these thread names. */
  static ThreadCensus of(List<String> names) {
    Map<String, Integer> byKind = new TreeMap<>();
    for (String name : names) {
      byKind.merge(kindOf(name), 1, Integer::sum);
    }
    return new ThreadCensus(byKind);
  }

  /** The census of process {@code pid}'s live threads; one that ends while read is left out. */
  static ThreadCensus ofProcess(long pid) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          names.add(Files.readString(task.resolve("comm")).trim());
        } catch (IOException ended) {
          // The thread ended between the listing and the read.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of " + pid + ": " + e, e);
    }
    return of(names);
  }

  /** A thread name with its digits made {@code #}. */
  static String kindOf(String name) {
    return name.replaceAll("[0-9]+", "#");
  }

  int total() {
    return byKind.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The kinds, with their counts, that {@code base} has no thread of. */
  Map<String, Integer> kindsAbsentFrom(ThreadCensus base) {
    Map<String, Integer> absent = new TreeMap<>();
    byKind.forEach(
        (kind, count) -> {
          if (!base.byKind.containsKey(kind)) {
            absent.put(kind, count);
          }
        });
    return absent;
  }

  /** How many threads are of kinds {@code base} has none of: those an agent added. */
  int threadsOfKindsAbsentFrom(ThreadCensus base) {
    return kindsAbsentFrom(base).values().stream().mapToInt(Integer::intValue).sum();
  }
}
