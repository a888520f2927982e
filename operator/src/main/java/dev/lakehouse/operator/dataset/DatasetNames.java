package dev.lakehouse.operator.dataset;

import dev.lakehouse.operator.k8s.BoundedName;
import dev.lakehouse.operator.k8s.ContentHash;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every name derived from a Dataset's name; the same every time, so a restart never creates twice.
 * Run names keep to {@link #MAX_RUN} characters: a run's Jobs append {@code -<attempt>} and more.
 */
public record DatasetNames(String dataset) {
  public static final int MAX_RUN = 52;
  private static final DateTimeFormatter TICK =
      DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

  /** The run a schedule tick creates, named after the tick in UTC. */
  public String scheduledRun(Instant tick) {
    return run("-" + TICK.format(tick));
  }

  /** The run that follows a successful run of an upstream Dataset. */
  public String followUpRun(String upstreamRunUid) {
    return run("-after-" + ContentHash.ofText(upstreamRunUid).substring(0, 8));
  }

  /** The drop-table job's configuration, shared by its attempts. */
  public String dropConfigMap() {
    return BoundedName.of(dataset, "-drop");
  }

  /** One Job per attempt to drop the table. */
  public String dropJob(int attempt) {
    return BoundedName.of(dataset, "-drop-" + attempt);
  }

  private String run(String suffix) {
    return BoundedName.of(dataset, suffix, MAX_RUN);
  }
}
