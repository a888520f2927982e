package dev.lakehouse.operator.lakehouse;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/** The workloads of a lakehouse as the informers last saw them. */
public record ObservedLakehouse(
    Optional<StatefulSet> postgres,
    Optional<StatefulSet> seaweedfs,
    Optional<StatefulSet> minio,
    Optional<Job> bucketJob,
    Optional<Deployment> metastore,
    Optional<Deployment> trinoCoordinator,
    Optional<Deployment> trinoWorkers) {}
