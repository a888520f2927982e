package dev.lakehouse.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lakehouse.api.dataset.DatasetSpec;
import dev.lakehouse.api.run.IngestionRunSpec;
import java.util.List;
import java.util.Map;

/**
 * What a jobs-image pod does, as the operator writes it into the pod's ConfigMap ({@link
 * #FILE_NAME} under {@link #MOUNT_DIR}). It is a snapshot taken when the run starts, so every retry
 * of a run works from the same Dataset definition and endpoints. Credentials are never in it: the
 * pod gets them as environment variables ({@link #S3_ACCESS_KEY_ENV}, {@link #S3_SECRET_KEY_ENV})
 * from the Lakehouse's Secrets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobConfig {
  public static final String MOUNT_DIR = "/etc/lakehouse/job";
  public static final String FILE_NAME = "job.json";

  /** The launcher in the jobs image; the pod's arguments are {@code [LAUNCHER, "job", ...]}. */
  public static final String LAUNCHER = "/opt/lakehouse/bin/lakehouse";

  public static final String S3_ACCESS_KEY_ENV = "LAKEHOUSE_S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY_ENV = "LAKEHOUSE_S3_SECRET_KEY";

  /** Downward-API variables the pod gets, for Spark on Kubernetes. */
  public static final String POD_NAME_ENV = "POD_NAME";

  public static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";
  public static final String POD_IP_ENV = "POD_IP";

  /** What the pod does. */
  public enum Task {
    /** Run the ingestion engine for one IngestionRun, checkpointing into its status. */
    ingest,
    /** Drop a Dataset's table (and its quarantine table) from the catalog and storage. */
    dropTable
  }

  public Task task;
  public String namespace;

  /** For ingest: the IngestionRun's name (whose status holds the checkpoint) and uid. */
  public String runName;

  public String runId;

  public String datasetName;
  public DatasetSpec dataset;

  /** For ingest: the run's spec. */
  public IngestionRunSpec run;

  public Storage storage;
  public String metastoreUri;

  /** The Lakehouse's ingestion sparkConf with the run's over it. */
  public Map<String, String> sparkConf;

  /** Null for Spark local mode inside the pod; set for Spark on Kubernetes. */
  public Executors executors;

  /**
   * Spark's task slots in the pod in local mode ({@code local[N]}): the driver container's CPU
   * limit, else its request, rounded up. Not the node's cores: the pod may use only its share.
   */
  public Integer localCores;

  /** Where the tables live. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Storage {
    public String endpoint;
    public String region;
    public Boolean pathStyleAccess;
    public String bucket;
  }

  /** Executor pods, started by the driver that runs in the Job's pod. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Executors {
    public Integer instances;
    public String image;
    public String imagePullPolicy;

    /** Service account of the executor pods (the run's own). */
    public String serviceAccount;

    /** Spark's executor settings, derived from spec.executorResources. */
    public Integer cores;

    public String memory;

    /** Labels every executor pod gets, so they can be found and told apart from the driver. */
    public Map<String, String> labels;

    /** Secrets for pulling the image, as the Lakehouse names them for every pod. */
    public List<String> imagePullSecrets;

    /**
     * What the driver does with its executor pods, and so all the run's account may do with pods:
     * Spark creates, watches and deletes them (by name and by label); it is told to need no
     * ConfigMap, Service or PersistentVolumeClaim of its own.
     */
    public static final List<String> DRIVER_POD_VERBS =
        List.of("create", "get", "list", "watch", "delete", "deletecollection");
  }
}
