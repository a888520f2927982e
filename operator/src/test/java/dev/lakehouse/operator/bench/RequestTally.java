package dev.lakehouse.operator.bench;

import dev.lakehouse.kubetesting.AuditLog;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API requests one client (told by its User-Agent) sent in a time window, by verb, with the
 * writes grouped by resource: enough to say what an idle operator still asks of the API server.
 */
final class RequestTally {
  enum Verb {
    GET,
    LIST,
    WATCH,
    POST,
    PUT,
    PATCH,
    DELETE,
    OTHER;

    boolean writes() {
      return WRITES.contains(this);
    }
  }

  private static final Set<Verb> WRITES = Set.of(Verb.POST, Verb.PUT, Verb.PATCH, Verb.DELETE);

  private final Duration window;
  private final Map<Verb, Integer> counts = new EnumMap<>(Verb.class);
  private final Map<String, Integer> writesByResource = new TreeMap<>();
  private final Map<String, Integer> getsByResource = new TreeMap<>();
  private final Set<String> writeExamples = new LinkedHashSet<>();

  private RequestTally(Duration window) {
    this.window = window;
    for (Verb verb : Verb.values()) {
      counts.put(verb, 0);
    }
  }

  static RequestTally of(List<AuditLog.Request> requests, String userAgent, Duration window) {
    var tally = new RequestTally(window);
    requests.stream().filter(r -> r.userAgent().startsWith(userAgent)).forEach(tally::add);
    return tally;
  }

  private void add(AuditLog.Request request) {
    Verb verb = verb(request.method(), request.path());
    counts.merge(verb, 1, Integer::sum);
    if (verb == Verb.GET) {
      getsByResource.merge(resource(request.path()), 1, Integer::sum);
    }
    if (verb.writes()) {
      writesByResource.merge(verb + " " + resource(request.path()), 1, Integer::sum);
      if (writeExamples.size() < 5) {
        writeExamples.add(verb + " " + request.path().replaceFirst("\\?.*", ""));
      }
    }
  }

  Duration window() {
    return window;
  }

  int count(Verb verb) {
    return counts.get(verb);
  }

  double perMinute(Verb verb) {
    return count(verb) * 60_000.0 / window.toMillis();
  }

  int reads() {
    return count(Verb.GET) + count(Verb.LIST) + count(Verb.WATCH);
  }

  int writes() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().writes())
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** E.g. {@code PUT ingestionruns/status -> 3}. */
  Map<String, Integer> writesByResource() {
    return writesByResource;
  }

  /** E.g. {@code ingestionruns -> 3}: the single objects read past the informers' caches. */
  Map<String, Integer> getsByResource() {
    return getsByResource;
  }

  /** The first few distinct writes, with their paths: which objects were written. */
  Set<String> writeExamples() {
    return writeExamples;
  }

  static Verb verb(String method, String path) {
    return switch (method) {
      case "GET" ->
          query(path).contains("watch=true")
              ? Verb.WATCH
              : resourceSegments(path).size() == 1 ? Verb.LIST : Verb.GET;
      case "POST" -> Verb.POST;
      case "PUT" -> Verb.PUT;
      case "PATCH" -> Verb.PATCH;
      case "DELETE" -> Verb.DELETE;
      default -> Verb.OTHER;
    };
  }

  /** The resource and subresource a path names, without namespace and name. */
  static String resource(String path) {
    List<String> rest = resourceSegments(path);
    return rest.size() > 2 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
  }

  /**
   * What follows {@code /api/v1} or {@code /apis/group/version} and the namespace: {@code [plural]}
   * for a collection, {@code [plural, name(, subresource)]} for one object.
   */
  private static List<String> resourceSegments(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    List<String> segments = List.of(bare.replaceFirst("^/", "").split("/"));
    int prefix = segments.get(0).equals("api") ? 2 : 3;
    if (segments.size() <= prefix) {
      return List.of(bare, ""); // discovery (/api, /apis/group/version): a GET
    }
    List<String> rest = segments.subList(prefix, segments.size());
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    return rest;
  }

  private static String query(String path) {
    return path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
  }
}
