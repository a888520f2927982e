package dev.lakehouse.operator.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/** A histogram with labels: cumulative buckets, sum and count per label values. */
public final class Histogram extends MetricFamily {
  private final double[] upperBounds;
  private final ConcurrentMap<List<String>, Series> series = new ConcurrentHashMap<>();

  Histogram(String name, String help, double[] upperBounds, List<String> labelNames) {
    super(name, help, MetricType.HISTOGRAM, labelNames);
    if (upperBounds.length == 0) {
      throw new IllegalArgumentException(name + " needs at least one bucket");
    }
    for (int i = 1; i < upperBounds.length; i++) {
      if (!(upperBounds[i] > upperBounds[i - 1])) {
        throw new IllegalArgumentException(name + ": buckets must increase");
      }
    }
    if (labelNames.contains("le")) {
      throw new IllegalArgumentException(name + ": le is the bucket label");
    }
    this.upperBounds = upperBounds.clone();
  }

  public void observe(double value, String... labelValues) {
    series(labelValues).observe(value);
  }

  /** Exposes the series with empty buckets before its first observation. */
  public void initialize(String... labelValues) {
    series(labelValues);
  }

  private Series series(String... labelValues) {
    return series.computeIfAbsent(
        LabelValues.of(name, labelNames, labelValues), k -> new Series(upperBounds.length));
  }

  @Override
  public List<Sample> samples() {
    List<String> bucketLabels = Stream.concat(labelNames.stream(), Stream.of("le")).toList();
    List<Sample> samples = new ArrayList<>();
    series.keySet().stream()
        .sorted(LabelValues.ORDER)
        .forEach(
            values -> {
              Snapshot s = series.get(values).snapshot();
              long cumulative = 0;
              for (int i = 0; i < upperBounds.length; i++) {
                cumulative += s.buckets[i];
                samples.add(
                    new Sample(
                        name + "_bucket",
                        bucketLabels,
                        with(values, PrometheusText.number(upperBounds[i])),
                        cumulative));
              }
              samples.add(
                  new Sample(name + "_bucket", bucketLabels, with(values, "+Inf"), s.count));
              samples.add(new Sample(name + "_sum", labelNames, values, s.sum));
              samples.add(new Sample(name + "_count", labelNames, values, s.count));
            });
    return samples;
  }

  private static List<String> with(List<String> values, String le) {
    return Stream.concat(values.stream(), Stream.of(le)).toList();
  }

  private record Snapshot(long[] buckets, double sum, long count) {}

  /** One series; synchronized so that a scrape never sees a count without its bucket. */
  private final class Series {
    private final long[] buckets;
    private double sum;
    private long count;

    Series(int size) {
      this.buckets = new long[size];
    }

    synchronized void observe(double value) {
      // Values above the last bound only count in +Inf, which is the total count.
      int i = Arrays.binarySearch(upperBounds, value);
      int bucket = i >= 0 ? i : -i - 1;
      if (bucket < buckets.length) {
        buckets[bucket]++;
      }
      sum += value;
      count++;
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(buckets.clone(), sum, count);
    }
  }
}
