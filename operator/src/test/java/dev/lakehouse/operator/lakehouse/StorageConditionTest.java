package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.lakehouse.Lakehouse;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** StorageReady for each server, from what the informers saw. */
class StorageConditionTest {
  static final Optional<StatefulSet> NONE = Optional.empty();
  static final Optional<StatefulSet> STARTING = Optional.of(statefulSet(0));
  static final Optional<StatefulSet> READY = Optional.of(statefulSet(1));
  static final Optional<Job> NO_JOB = Optional.empty();

  static Stream<Arguments> cases() {
    UnaryOperator<Lakehouse> seaweedfs = l -> l;
    UnaryOperator<Lakehouse> minio = Lakehouses::withMinio;
    UnaryOperator<Lakehouse> external = l -> Lakehouses.withExternalS3(l, "aws");
    return Stream.of(
        Arguments.of(seaweedfs, NONE, NONE, NO_JOB, "False", "SeaweedfsNotReady"),
        Arguments.of(seaweedfs, STARTING, NONE, NO_JOB, "False", "SeaweedfsNotReady"),
        Arguments.of(seaweedfs, READY, NONE, NO_JOB, "True", "SeaweedfsReady"),
        // A MinIO left from an earlier spec says nothing about SeaweedFS.
        Arguments.of(
            seaweedfs, NONE, READY, Optional.of(job("Complete")), "False", "SeaweedfsNotReady"),
        Arguments.of(minio, NONE, NONE, NO_JOB, "False", "MinioNotReady"),
        Arguments.of(minio, READY, STARTING, NO_JOB, "False", "MinioNotReady"),
        Arguments.of(minio, NONE, READY, NO_JOB, "False", "BucketPending"),
        Arguments.of(
            minio, NONE, READY, Optional.of(job("Failed")), "False", "BucketCreationFailed"),
        Arguments.of(minio, NONE, READY, Optional.of(job("Complete")), "True", "MinioReady"),
        Arguments.of(external, NONE, NONE, NO_JOB, "True", "ExternalEndpoint"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void storageReadyFollowsTheDeployedServer(
      UnaryOperator<Lakehouse> spec,
      Optional<StatefulSet> seaweedfs,
      Optional<StatefulSet> minio,
      Optional<Job> bucketJob,
      String status,
      String reason) {
    var model = Lakehouses.model(spec.apply(Lakehouses.demo("demo", "data")));
    var observed =
        new ObservedLakehouse(
            NONE,
            seaweedfs,
            minio,
            bucketJob,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    var computed =
        LakehouseStatusCalculator.compute(model, observed, null, List.of(), Clock.systemUTC());

    Condition storage =
        Conditions.find(computed.conditions, ConditionTypes.STORAGE_READY).orElseThrow();
    assertThat(storage.getStatus()).isEqualTo(status);
    assertThat(storage.getReason()).isEqualTo(reason);
  }

  static StatefulSet statefulSet(int ready) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReadyReplicas(ready)
        .withReplicas(1)
        .withUpdatedReplicas(1)
        .endStatus()
        .build();
  }

  /** A finished Job as the Job controller reports it: Complete with a pod succeeded, or Failed. */
  static Job job(String condition) {
    return new JobBuilder()
        .withNewStatus()
        .withSucceeded("Complete".equals(condition) ? 1 : 0)
        .addNewCondition()
        .withType(condition)
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }
}
