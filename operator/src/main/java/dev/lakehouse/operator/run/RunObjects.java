package dev.lakehouse.operator.run;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.k8s.Owners;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.lakehouse.PodDefaults;
import dev.lakehouse.operator.pods.JobsImagePod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds everything one IngestionRun needs in the cluster: its job configuration, its own service
 * account whose Role can patch this run's status and nothing else (plus executor pods when it runs
 * Spark on Kubernetes), and one Job per attempt. All owned by the run, so deleting the run stops
 * and removes them.
 */
public final class RunObjects {
  static final String DRIVER = "ingestion-driver";
  static final String EXECUTOR = "ingestion-executor";
  static final String SETUP = "ingestion";

  private final IngestionRun run;
  private final Dataset dataset;
  private final LakehouseModel lakehouse;
  private final RunNames names;

  public RunObjects(IngestionRun run, Dataset dataset, LakehouseModel lakehouse) {
    this.run = run;
    this.dataset = dataset;
    this.lakehouse = lakehouse;
    this.names = new RunNames(run.getMetadata().getName());
  }

  /** Created once, before the first attempt; {@link #job(int)} last. */
  public List<HasMetadata> setup() {
    return List.of(configMap(), serviceAccount(), role(), roleBinding());
  }

  public JobConfig jobConfig() {
    IngestionRunSpec spec = run.getSpec();
    JobConfig config =
        JobsImagePod.baseConfig(
            lakehouse, JobConfig.Task.ingest, dataset.getMetadata().getName(), dataset.getSpec());
    config.runName = run.getMetadata().getName();
    config.runId = run.getMetadata().getUid();
    config.run = spec;
    Map<String, String> sparkConf = new LinkedHashMap<>();
    Optional.ofNullable(lakehouse.ingestion().sparkConf).ifPresent(sparkConf::putAll);
    Optional.ofNullable(spec.sparkConf).ifPresent(sparkConf::putAll);
    config.sparkConf = sparkConf.isEmpty() ? null : sparkConf;
    if (executors() > 0) {
      config.executors = executors(spec);
    } else {
      config.localCores = localCores(driverResources());
    }
    return config;
  }

  private ResourceRequirements driverResources() {
    return JobsImagePod.resourcesOr(
        Optional.ofNullable(run.getSpec().resources).orElse(lakehouse.ingestion().resources));
  }

  public ConfigMap configMap() {
    return JobsImagePod.configMap(meta(names.configMap(), SETUP), jobConfig());
  }

  public ServiceAccount serviceAccount() {
    return new ServiceAccountBuilder()
        .withMetadata(meta(names.serviceAccount(), SETUP))
        .withAutomountServiceAccountToken(true)
        .build();
  }

  public Role role() {
    String runName = run.getMetadata().getName();
    List<PolicyRule> rules = new ArrayList<>();
    // The checkpoint store reads the run and merge-patches its status: this run only.
    rules.add(rule("lakehouse.dev", "ingestionruns", List.of("get"), runName));
    rules.add(rule("lakehouse.dev", "ingestionruns/status", List.of("get", "patch"), runName));
    if (executors() > 0) {
      // Spark's driver manages its executor pods, and nothing else: RBAC cannot narrow a create by
      // labels, so this is the namespace's pods, for this run's account only.
      rules.add(rule("", "pods", JobConfig.Executors.DRIVER_POD_VERBS, null));
    }
    return new RoleBuilder()
        .withMetadata(meta(names.serviceAccount(), SETUP))
        .withRules(rules)
        .build();
  }

  public RoleBinding roleBinding() {
    return new RoleBindingBuilder()
        .withMetadata(meta(names.serviceAccount(), SETUP))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(names.serviceAccount())
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(names.serviceAccount())
        .withNamespace(run.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  /**
   * The attempt's Job; {@code activeDeadlineSeconds} ends it at the run's deadline even when the
   * operator is not there to ({@code null}: no deadline).
   */
  public Job job(int attempt, Duration untilDeadline) {
    Map<String, String> podLabels = labels(DRIVER);
    podLabels.put(Labels.ATTEMPT, Integer.toString(attempt));
    var pod =
        new JobsImagePod(
            lakehouse,
            image(),
            driverResources(),
            names.serviceAccount(),
            names.configMap(),
            podLabels);
    ObjectMeta meta = meta(names.job(attempt), DRIVER);
    meta.getLabels().put(Labels.ATTEMPT, Integer.toString(attempt));
    Job job = pod.job(meta);
    if (untilDeadline != null) {
      job.getSpec().setActiveDeadlineSeconds(Math.max(1, (untilDeadline.toMillis() + 999) / 1000));
    }
    return job;
  }

  private JobConfig.Executors executors(IngestionRunSpec spec) {
    ResourceRequirements resources =
        PodDefaults.resources(spec.executorResources, "1", "2Gi", "2Gi");
    var executors = new JobConfig.Executors();
    executors.instances = spec.executors;
    executors.image = image();
    executors.imagePullPolicy = lakehouse.pullPolicy();
    executors.serviceAccount = names.serviceAccount();
    executors.cores = cores(resources);
    executors.memory = heapMiB(PodDefaults.memoryBytes(resources)) + "m";
    executors.labels = labels(EXECUTOR);
    List<String> pullSecrets =
        lakehouse.pullSecrets().stream().map(LocalObjectReference::getName).toList();
    executors.imagePullSecrets = pullSecrets.isEmpty() ? null : pullSecrets;
    return executors;
  }

  /** Whole cores for an executor's task slots: its CPU request (else limit) rounded up. */
  static int cores(ResourceRequirements resources) {
    return wholeCpus(resources.getRequests(), resources.getLimits());
  }

  /** The cores a pod may use: its CPU limit if it has one (CFS caps it there), else its request. */
  static int localCores(ResourceRequirements resources) {
    return wholeCpus(resources.getLimits(), resources.getRequests());
  }

  /** The CPU of the first map that has one, rounded up to whole cores, at least one. */
  private static int wholeCpus(Map<String, Quantity> first, Map<String, Quantity> second) {
    Quantity cpu =
        Optional.ofNullable(first)
            .map(m -> m.get("cpu"))
            .or(() -> Optional.ofNullable(second).map(m -> m.get("cpu")))
            .orElse(new Quantity("1"));
    return Math.max(1, (int) Math.ceil(Quantity.getAmountInBytes(cpu).doubleValue()));
  }

  /**
   * Spark sizes an executor pod as heap plus overhead (10%, at least 384 MiB): the heap is what is
   * left of the pod's memory once the overhead is taken out.
   */
  static long heapMiB(long podBytes) {
    long podMiB = podBytes / (1024 * 1024);
    long heap = (long) Math.floor(podMiB / 1.1);
    if (podMiB - heap < 384) {
      heap = podMiB - 384;
    }
    return Math.max(512, heap);
  }

  private int executors() {
    return Optional.ofNullable(run.getSpec().executors).orElse(0);
  }

  private String image() {
    return Optional.ofNullable(run.getSpec().image)
        .filter(i -> !i.isBlank())
        .orElseGet(lakehouse::jobsImage);
  }

  private Map<String, String> labels(String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.NAME, "lakehouse-ingestion");
    labels.put(Labels.COMPONENT, component);
    labels.put(Labels.PART_OF, "lakehouse");
    labels.put(Labels.MANAGED_BY, Labels.MANAGER);
    labels.put(Labels.RUN, run.getMetadata().getName());
    labels.put(Labels.DATASET, dataset.getMetadata().getName());
    return labels;
  }

  private ObjectMeta meta(String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(labels(component))
        .withOwnerReferences(Owners.controllerReference(run))
        .build();
  }

  private static PolicyRule rule(
      String apiGroup, String resource, List<String> verbs, String resourceName) {
    var rule =
        new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resource).withVerbs(verbs);
    if (resourceName != null) {
      rule.withResourceNames(resourceName);
    }
    return rule.build();
  }
}
