package dev.lakehouse.jobs.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonParseException;
import dev.lakehouse.api.job.JobExitCode;
import dev.lakehouse.checkpoint.CheckpointException;
import dev.lakehouse.jobs.engine.EngineFixtureAccess;
import dev.lakehouse.jobs.engine.RunFailure;
import dev.lakehouse.jobs.manifest.ManifestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureClassifierTest {
  @TempDir static Path warehouse;

  /** Spark's own exceptions, as a bad Dataset SQL gets them. */
  static Throwable sparkFailure(String sql) {
    SparkSession spark = EngineFixtureAccess.spark(warehouse.resolve("spark-warehouse"));
    return catchThrowable(() -> spark.sql(sql).collectAsList());
  }

  @Test
  void eachFailureDrawsFromTheRightBudget() {
    Throwable unknownTable = sparkFailure("SELECT * FROM bronze.no_such_table");
    Throwable badSql = sparkFailure("SELEC 1");
    assertThat(unknownTable).isInstanceOf(AnalysisException.class);
    assertThat(badSql).isInstanceOf(ParseException.class);

    Map<Throwable, JobExitCode> table = new LinkedHashMap<>();
    // the data was refused
    table.put(new RunFailure("12 of 100 rows (12.00%) were rejected"), JobExitCode.DATA_REJECTED);
    table.put(
        new RunFailure("the plan cannot be read", new JsonParseException(null, "truncated")),
        JobExitCode.DATA_REJECTED);
    // the configuration cannot work
    table.put(new JobConfigException("job.json: \"task\" is required"), JobExitCode.CONFIGURATION);
    table.put(new ManifestException("x.yaml: Dataset d: unknown field"), JobExitCode.CONFIGURATION);
    table.put(new IllegalArgumentException("Wrong FS: s3a://x"), JobExitCode.CONFIGURATION);
    table.put(new NumberFormatException("For input string: \"a\""), JobExitCode.CONFIGURATION);
    table.put(unknownTable, JobExitCode.CONFIGURATION);
    table.put(badSql, JobExitCode.CONFIGURATION);
    table.put(
        new RunFailure("the transform SQL of Dataset gold fails", unknownTable),
        JobExitCode.CONFIGURATION);
    // a service failed, however deep Spark wrapped it
    table.put(new ConnectException("Connection refused"), JobExitCode.SERVICE_UNAVAILABLE);
    table.put(new UnknownHostException("minio.demo.svc"), JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new SparkException(
            "Job aborted due to stage failure", new SocketTimeoutException("Read timed out")),
        JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new RunFailure(
            "batch 3 cannot be read even file by file",
            new SparkException("Job aborted", new IOException("Connection reset"))),
        JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new UncheckedIOException(new IOException("Connection reset")),
        JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new RuntimeException(
            "Unable to instantiate org.apache.hadoop.hive.ql.metadata.SessionHiveMetaStoreClient",
            new InvocationTargetException(
                new MetaException(
                    "Could not connect to meta store using any of the URIs provided."
                        + " Most recent failure: org.apache.thrift.transport.TTransportException"))),
        JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new TTransportException("java.net.SocketException: Broken pipe"),
        JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new CheckpointException(
            "cannot read IngestionRun ns/run after 4 attempts: ConnectException",
            new ConnectException("Connection refused")),
        JobExitCode.SERVICE_UNAVAILABLE);
    table.put(
        new CheckpointException(
            "cannot save the checkpoint of IngestionRun ns/run: HTTP 503 (server error) after 4"
                + " attempts"),
        JobExitCode.SERVICE_UNAVAILABLE);
    // anything else is the job's own failure
    table.put(
        new CheckpointException(
            "cannot save the checkpoint of IngestionRun ns/run: HTTP 403 (Forbidden: the service"
                + " account may not get or patch this run)"),
        JobExitCode.UNEXPECTED);
    table.put(
        new CheckpointException(
            "cannot read the checkpoint /state/run.json", new JsonParseException(null, "bad")),
        JobExitCode.UNEXPECTED);
    table.put(new MetaException("Table bronze.x has an invalid schema"), JobExitCode.UNEXPECTED);
    table.put(new NullPointerException(), JobExitCode.UNEXPECTED);
    table.put(new IllegalStateException("cannot happen"), JobExitCode.UNEXPECTED);

    table.forEach(
        (failure, code) ->
            assertThat(FailureClassifier.classify(failure))
                .as("%s", FailureClassifier.message(failure))
                .isEqualTo(code));
  }

  @Test
  void aCauseCycleEnds() {
    RuntimeException outer = new RuntimeException("outer");
    RuntimeException inner = new RuntimeException("inner", outer);
    outer.initCause(inner);
    assertThat(FailureClassifier.classify(outer)).isEqualTo(JobExitCode.UNEXPECTED);
    assertThat(FailureClassifier.chain(outer)).containsExactly(outer, inner);
  }

  @Test
  void theMessageIsOneLineWithTheRootCauseWhenItAddsSomething() {
    assertThat(FailureClassifier.message(new RunFailure("12 rows were rejected\nsee the table")))
        .isEqualTo("12 rows were rejected");
    assertThat(
            FailureClassifier.message(
                new SparkException(
                    "Job aborted due to stage failure:\nTask 0 failed",
                    new ConnectException("Connection refused"))))
        .isEqualTo(
            "SparkException: Job aborted due to stage failure: (caused by ConnectException:"
                + " Connection refused)");
    assertThat(
            FailureClassifier.message(
                new RunFailure(
                    "batch 0 cannot be read: Connection refused",
                    new ConnectException("Connection refused"))))
        .isEqualTo("batch 0 cannot be read: Connection refused");
    assertThat(FailureClassifier.message(new NullPointerException()))
        .isEqualTo("NullPointerException");
  }
}
