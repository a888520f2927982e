package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.lakehouse.TrinoServiceSpec;
import dev.lakehouse.api.lakehouse.TrinoSpec;
import dev.lakehouse.config.TrinoConfigRenderer;
import dev.lakehouse.config.TrinoMemory;
import dev.lakehouse.config.TrinoRole;
import dev.lakehouse.config.TrinoSettings;
import dev.lakehouse.operator.k8s.ContentHash;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trino: coordinator and worker Deployments, their configuration, and the Service clients use. */
public final class TrinoObjects {
  static final long UID = 1000;
  static final String ETC = "/etc/trino";

  private TrinoObjects() {}

  public static ResourceRequirements workerResources(TrinoSpec spec) {
    return PodDefaults.resources(spec.resources, "500m", "2Gi", "2Gi");
  }

  public static ResourceRequirements coordinatorResources(TrinoSpec spec) {
    return spec.coordinatorResources != null ? spec.coordinatorResources : workerResources(spec);
  }

  public static TrinoSettings settings(LakehouseModel model, TrinoRole role) {
    TrinoSpec spec = model.trino();
    ResourceRequirements resources =
        role == TrinoRole.COORDINATOR ? coordinatorResources(spec) : workerResources(spec);
    return TrinoSettings.builder()
        .role(role)
        .environment(model.names().lakehouse().replace('-', '_'))
        .discoveryUri(model.trinoUrl())
        .workers(spec.workers)
        .memory(TrinoMemory.forContainerLimit(PodDefaults.memoryBytes(resources)))
        .shutdownGracePeriodSeconds(spec.shutdownGracePeriodSeconds)
        .etcDir(ETC)
        .catalogName(spec.catalogName)
        .metastoreUri(model.metastoreUri())
        .s3(model.s3Settings())
        .additionalConfig(spec.additionalConfig)
        .build();
  }

  public static ConfigMap configMap(LakehouseModel model, TrinoRole role) {
    Map<String, String> data = new LinkedHashMap<>();
    // ConfigMap keys cannot hold '/': catalog/x.properties becomes catalog.x.properties.
    TrinoConfigRenderer.render(settings(model, role))
        .forEach((path, text) -> data.put(key(path), text));
    return new ConfigMapBuilder()
        .withMetadata(model.ownedMeta(name(model, role), component(role)))
        .withData(data)
        .build();
  }

  public static Service service(LakehouseModel model) {
    TrinoServiceSpec exposed =
        Optional.ofNullable(model.trino().service).orElseGet(TrinoServiceSpec::new);
    boolean nodePort = exposed.type == TrinoServiceSpec.Type.NodePort;
    return new ServiceBuilder()
        .withMetadata(model.ownedMeta(model.names().trino(), Component.TRINO_COORDINATOR))
        .withNewSpec()
        .withType(nodePort ? "NodePort" : "ClusterIP")
        .withSelector(model.selector(Component.TRINO_COORDINATOR))
        .addNewPort()
        .withName("http")
        .withPort(LakehouseModel.TRINO_PORT)
        .withNewTargetPort("http")
        .withNodePort(nodePort ? exposed.nodePort : null)
        .endPort()
        .endSpec()
        .build();
  }

  public static Deployment deployment(LakehouseModel model, TrinoRole role, ConfigMap config) {
    TrinoSpec spec = model.trino();
    boolean worker = role == TrinoRole.WORKER;
    List<KeyToPath> items = new ArrayList<>();
    config.getData().keySet().forEach(key -> items.add(new KeyToPath(key, null, path(key))));

    var container =
        new ContainerBuilder()
            .withName("trino")
            .withImage(model.trinoImage())
            .withImagePullPolicy(model.pullPolicy())
            .addNewPort()
            .withName("http")
            .withContainerPort(LakehouseModel.TRINO_PORT)
            .endPort()
            .withEnv(model.s3Env())
            .addToEnv(model.trinoSharedSecret().asEnv(TrinoSettings.DEFAULT_SHARED_SECRET_ENV))
            .withResources(worker ? workerResources(spec) : coordinatorResources(spec))
            .withSecurityContext(PodDefaults.containerSecurity())
            .withNewStartupProbe()
            .withNewHttpGet()
            .withPath("/v1/info")
            .withNewPort("http")
            .endHttpGet()
            .withPeriodSeconds(5)
            .withFailureThreshold(60)
            .endStartupProbe()
            // Ready only when /v1/info no longer says "starting": the image's own check.
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("/usr/lib/trino/bin/health-check")
            .endExec()
            .withPeriodSeconds(10)
            .withTimeoutSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/v1/info")
            .withNewPort("http")
            .endHttpGet()
            .withPeriodSeconds(15)
            .withTimeoutSeconds(5)
            .withFailureThreshold(4)
            .endLivenessProbe()
            .addToVolumeMounts(PodDefaults.mount("config", ETC))
            .addToVolumeMounts(PodDefaults.mount("data", "/data/trino"))
            .build();
    PodDefaults.withTmp(container);

    long terminationGrace = 30;
    if (worker) {
      // Drain: ask the worker to shut down gracefully and wait until it has left.
      String drain =
          "curl -sf -X PUT -d '\"SHUTTING_DOWN\"' -H 'Content-Type: application/json'"
              + " -H 'X-Trino-User: "
              + TrinoSettings.ADMIN_USER
              + "'"
              + " http://127.0.0.1:"
              + LakehouseModel.TRINO_PORT
              + "/v1/info/state"
              + " && while curl -sf http://127.0.0.1:"
              + LakehouseModel.TRINO_PORT
              + "/v1/info >/dev/null; do sleep 2; done";
      container.setLifecycle(
          new io.fabric8.kubernetes.api.model.LifecycleBuilder()
              .withNewPreStop()
              .withNewExec()
              .withCommand("sh", "-c", drain)
              .endExec()
              .endPreStop()
              .build());
      // Trino waits the grace period twice (before and after draining its tasks).
      terminationGrace = 2L * spec.shutdownGracePeriodSeconds + 30;
    }

    return new DeploymentBuilder()
        .withMetadata(model.ownedMeta(name(model, role), component(role)))
        .withNewSpec()
        .withReplicas(worker ? spec.workers : 1)
        .withNewSelector()
        .withMatchLabels(model.selector(component(role)))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(model.labels(component(role)))
        .addToAnnotations(Labels.CONFIG_HASH, ContentHash.ofMap(config.getData()))
        .addToAnnotations(Labels.SECRET_HASH, model.credentialsHash())
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(PodDefaults.podSecurity(UID))
        .withImagePullSecrets(model.pullSecrets())
        .withTerminationGracePeriodSeconds(terminationGrace)
        .withContainers(container)
        .withVolumes(
            new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName(config.getMetadata().getName())
                .withItems(items)
                .endConfigMap()
                .build(),
            PodDefaults.emptyDir("data"),
            PodDefaults.emptyDir("tmp"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static String name(LakehouseModel model, TrinoRole role) {
    return role == TrinoRole.COORDINATOR
        ? model.names().trinoCoordinator()
        : model.names().trinoWorker();
  }

  static Component component(TrinoRole role) {
    return role == TrinoRole.COORDINATOR ? Component.TRINO_COORDINATOR : Component.TRINO_WORKER;
  }

  static String key(String path) {
    return path.replace('/', '.');
  }

  static String path(String key) {
    return key.startsWith("catalog.") ? "catalog/" + key.substring("catalog.".length()) : key;
  }
}
