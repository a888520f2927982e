package dev.lakehouse.operator.run;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler saw around a run: its Dataset and Lakehouse, an earlier run of the same
 * Dataset that must finish first, and the Job and pods of the current attempt.
 */
public record RunObservation(
    Optional<Dataset> dataset,
    Optional<Lakehouse> lakehouse,
    Optional<String> blockedBy,
    Optional<Job> job,
    List<Pod> pods) {}
