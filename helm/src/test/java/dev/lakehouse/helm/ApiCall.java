package dev.lakehouse.helm;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One request to the Kubernetes API as RBAC sees it: a verb on a resource (with its subresource) of
 * an API group, in a namespace or across the cluster.
 *
 * @param namespace null for cluster-scoped requests and for lists and watches across namespaces
 */
record ApiCall(String verb, String group, String resource, String namespace) {

  Permission permission() {
    return new Permission(group, resource, verb);
  }

  /**
   * Reads the request line as the API server's request-info resolver does; discovery and other
   * non-resource URLs ({@code /api}, {@code /apis/...} without a resource, {@code /version}) give
   * nothing, since RBAC grants them to every authenticated user.
   */
  static Optional<ApiCall> of(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> parts = Arrays.stream(uri.getPath().split("/")).filter(p -> !p.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    boolean named = rest.size() >= 2;
    if (rest.size() >= 3) {
      resource = resource + "/" + rest.get(2);
    }
    return Optional.of(
        new ApiCall(verb(method, named, uri.getQuery()), group, resource, namespace));
  }

  private static String verb(String method, boolean named, String query) {
    return switch (method) {
      case "GET" -> named ? "get" : isWatch(query) ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("no RBAC verb for HTTP " + method);
    };
  }

  private static boolean isWatch(String query) {
    return query != null
        && Arrays.stream(query.split("&"))
            .anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
  }
}
