package dev.lakehouse.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's own {@code lakehouse_operator_reconcile_duration_seconds} histogram and error
 * counter per kind, read from its /metrics endpoint as Prometheus would. Quantiles are estimated
 * the way Prometheus' {@code histogram_quantile} does (linear within a bucket), so they are only as
 * fine as the buckets; the mean (sum / count) is exact.
 */
final class ReconcileDurations {
  private static final String NAME = "lakehouse_operator_reconcile_duration_seconds";
  private static final Pattern BUCKET =
      Pattern.compile(NAME + "_bucket\\{kind=\"([^\"]+)\",le=\"([^\"]+)\"} (\\S+)");
  private static final Pattern SUM_OR_COUNT =
      Pattern.compile(NAME + "_(sum|count)\\{kind=\"([^\"]+)\"} (\\S+)");
  private static final Pattern ERRORS =
      Pattern.compile("lakehouse_operator_reconcile_errors_total\\{kind=\"([^\"]+)\"} (\\S+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One kind's histogram: cumulative counts per upper bound, the last one +Inf. */
  record Series(double[] bounds, long[] cumulative, double sum, long count, long errors) {
    Series minus(Series earlier) {
      long[] left = new long[cumulative.length];
      for (int i = 0; i < left.length; i++) {
        left[i] = cumulative[i] - earlier.cumulative[i];
      }
      return new Series(
          bounds, left, sum - earlier.sum, count - earlier.count, errors - earlier.errors);
    }

    double mean() {
      return count == 0 ? Double.NaN : sum / count;
    }

    /** As histogram_quantile: the rank's bucket, linearly interpolated; +Inf is capped. */
    double quantile(double q) {
      if (count == 0) {
        return Double.NaN;
      }
      double rank = q * count;
      long below = 0;
      for (int i = 0; i < bounds.length; i++) {
        if (cumulative[i] >= rank) {
          if (Double.isInfinite(bounds[i])) {
            return bounds[i - 1];
          }
          double lower = i == 0 ? 0 : bounds[i - 1];
          long inBucket = cumulative[i] - below;
          return inBucket == 0
              ? bounds[i]
              : lower + (bounds[i] - lower) * (rank - below) / inBucket;
        }
        below = cumulative[i];
      }
      return bounds[bounds.length - 1];
    }

    /** The upper bound of the highest bucket with an observation: the max is at most this. */
    double maxBound() {
      for (int i = 0; i < bounds.length; i++) {
        if (cumulative[i] == count) {
          return bounds[i];
        }
      }
      return Double.POSITIVE_INFINITY;
    }
  }

  private final Map<String, Series> byKind;

  private ReconcileDurations(Map<String, Series> byKind) {
    this.byKind = byKind;
  }

  static ReconcileDurations scrape(int port) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
      return parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ReconcileDurations parse(String text) {
    Map<String, TreeMap<Double, Long>> buckets = new TreeMap<>();
    Map<String, Double> sums = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Long> errors = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m;
      if ((m = BUCKET.matcher(line)).matches()) {
        double le =
            m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
        buckets.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(le, number(m.group(3)));
      } else if ((m = SUM_OR_COUNT.matcher(line)).matches()) {
        if (m.group(1).equals("sum")) {
          sums.put(m.group(2), Double.parseDouble(m.group(3)));
        } else {
          counts.put(m.group(2), number(m.group(3)));
        }
      } else if ((m = ERRORS.matcher(line)).matches()) {
        errors.put(m.group(1), number(m.group(2)));
      }
    }
    Map<String, Series> byKind = new TreeMap<>();
    buckets.forEach(
        (kind, cumulative) ->
            byKind.put(
                kind,
                new Series(
                    cumulative.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                    cumulative.values().stream().mapToLong(Long::longValue).toArray(),
                    sums.getOrDefault(kind, 0.0),
                    counts.getOrDefault(kind, 0L),
                    errors.getOrDefault(kind, 0L))));
    return new ReconcileDurations(byKind);
  }

  Map<String, Series> byKind() {
    return byKind;
  }

  /** What happened between {@code earlier} and this scrape. */
  ReconcileDurations since(ReconcileDurations earlier) {
    Map<String, Series> delta = new TreeMap<>();
    byKind.forEach(
        (kind, series) ->
            delta.put(
                kind,
                earlier.byKind.containsKey(kind)
                    ? series.minus(earlier.byKind.get(kind))
                    : series));
    return new ReconcileDurations(delta);
  }

  long reconciles(String kind) {
    return byKind.containsKey(kind) ? byKind.get(kind).count() : 0;
  }

  private static long number(String text) {
    return (long) Double.parseDouble(text);
  }
}
