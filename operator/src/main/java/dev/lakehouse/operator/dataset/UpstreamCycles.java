package dev.lakehouse.operator.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Finds a cycle through upstream Datasets reachable from one Dataset. */
public final class UpstreamCycles {
  private UpstreamCycles() {}

  /**
   * The first cycle a depth-first walk from {@code start} meets, as names that begin and end with
   * the same Dataset ({@code a, b, a}); upstream names that resolve to no Dataset have no upstream.
   */
  public static Optional<List<String>> from(String start, Function<String, List<String>> upstream) {
    return walk(start, upstream, new ArrayList<>(), new HashSet<>());
  }

  private static Optional<List<String>> walk(
      String name, Function<String, List<String>> upstream, List<String> path, Set<String> done) {
    int seen = path.indexOf(name);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(name);
      return Optional.of(cycle);
    }
    if (!done.add(name)) {
      return Optional.empty();
    }
    path.add(name);
    for (String next : upstream.apply(name)) {
      Optional<List<String>> cycle = walk(next, upstream, path, done);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    return Optional.empty();
  }
}
