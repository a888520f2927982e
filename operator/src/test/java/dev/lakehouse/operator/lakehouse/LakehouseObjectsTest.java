package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.lakehouse.TrinoServiceSpec;
import dev.lakehouse.config.MetastoreSettings;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.StringReader;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LakehouseObjectsTest {

  @Test
  void defaultSpecDeploysEveryComponentOwnedByTheLakehouse() {
    List<HasMetadata> objects =
        LakehouseObjects.desired(Lakehouses.model(Lakehouses.demo("demo", "data")));

    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Service/demo-postgres",
            "StatefulSet/demo-postgres",
            "ConfigMap/demo-metastore",
            "Service/demo-metastore",
            "Deployment/demo-metastore",
            "Service/demo-seaweedfs",
            "StatefulSet/demo-seaweedfs",
            "ConfigMap/demo-trino-coordinator",
            "Deployment/demo-trino-coordinator",
            "ConfigMap/demo-trino-worker",
            "Deployment/demo-trino-worker",
            "Service/demo-trino");
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getNamespace()).isEqualTo("data");
              assertThat(o.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      ref -> {
                        assertThat(ref.getKind()).isEqualTo("Lakehouse");
                        assertThat(ref.getUid()).isEqualTo("uid-demo");
                        assertThat(ref.getController()).isTrue();
                      });
              assertThat(o.getMetadata().getLabels())
                  .containsEntry(Labels.LAKEHOUSE, "demo")
                  .containsEntry(Labels.INSTANCE, "demo")
                  .containsEntry(Labels.MANAGED_BY, "lakehouse-operator")
                  .containsKeys(Labels.NAME, Labels.COMPONENT);
            });
  }

  @Test
  void servicesSelectTheirPodsAndTargetNamedContainerPorts() {
    List<HasMetadata> objects =
        LakehouseObjects.desired(Lakehouses.model(Lakehouses.demo("demo", "data")));
    for (Service service : of(objects, Service.class)) {
      List<PodTemplateSpec> selected =
          templates(objects).stream()
              .filter(
                  t ->
                      t.getMetadata()
                          .getLabels()
                          .entrySet()
                          .containsAll(service.getSpec().getSelector().entrySet()))
              .toList();
      assertThat(selected)
          .as("pods selected by Service %s", service.getMetadata().getName())
          .hasSize(1);
      List<String> portNames =
          selected.get(0).getSpec().getContainers().stream()
              .flatMap(c -> c.getPorts().stream())
              .map(p -> p.getName())
              .toList();
      service
          .getSpec()
          .getPorts()
          .forEach(port -> assertThat(portNames).contains(port.getTargetPort().getStrVal()));
    }
  }

  @Test
  void trinoIsAClusterIpServiceUnlessANodePortIsAsked() {
    var lakehouse = Lakehouses.withTrino(Lakehouses.demo("demo", "data"), 1, "4Gi");
    assertThat(TrinoObjects.service(Lakehouses.model(lakehouse)).getSpec().getType())
        .isEqualTo("ClusterIP");

    var exposed = new TrinoServiceSpec();
    exposed.type = TrinoServiceSpec.Type.NodePort;
    exposed.nodePort = 30080;
    lakehouse.getSpec().trino.service = exposed;
    Service service = TrinoObjects.service(Lakehouses.model(lakehouse));
    assertThat(service.getSpec().getType()).isEqualTo("NodePort");
    assertThat(service.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
  }

  @Test
  void workloadSelectorsMatchTheirTemplates() {
    List<HasMetadata> objects =
        LakehouseObjects.desired(Lakehouses.model(Lakehouses.demo("demo", "data")));
    for (Deployment d : of(objects, Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    }
    for (StatefulSet s : of(objects, StatefulSet.class)) {
      assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels());
      assertThat(s.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
          .isEqualTo("Retain");
    }
  }

  @Test
  void componentsAreWiredToEachOthersServices() throws IOException {
    var model = Lakehouses.model(Lakehouses.demo("demo", "data"));
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    String site = configMap(objects, "demo-metastore").getData().get("metastore-site.xml");
    assertThat(site)
        .contains("<value>jdbc:postgresql://demo-postgres.data.svc:5432/metastore</value>")
        .contains("<value>http://demo-seaweedfs.data.svc:8333</value>")
        .contains("<value>s3a://lakehouse/</value>");

    Properties catalog =
        properties(
            configMap(objects, "demo-trino-worker").getData().get("catalog.lakehouse.properties"));
    assertThat(catalog)
        .containsEntry("hive.metastore.uri", "thrift://demo-metastore.data.svc:9083")
        .containsEntry("s3.endpoint", "http://demo-seaweedfs.data.svc:8333");
    Properties config =
        properties(configMap(objects, "demo-trino-worker").getData().get("config.properties"));
    assertThat(config).containsEntry("discovery.uri", "http://demo-trino.data.svc:8080");
  }

  @Test
  void minioIsWiredInWithItsBucketJobWhenAsked() {
    var model = Lakehouses.model(Lakehouses.withMinio(Lakehouses.demo("demo", "data")));
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains("Service/demo-minio", "StatefulSet/demo-minio", "Job/demo-minio-bucket")
        .doesNotContain("StatefulSet/demo-seaweedfs");
    assertThat(LakehouseObjects.unwanted(model))
        .extracting(LakehouseObjects.Unwanted::name)
        .contains("demo-seaweedfs");
    assertThat(configMap(objects, "demo-metastore").getData().get("metastore-site.xml"))
        .contains("<value>http://demo-minio.data.svc:9000</value>");
    Job bucket = of(objects, Job.class).get(0);
    assertThat(env(bucket.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("S3_ENDPOINT", "http://demo-minio.data.svc:9000")
        .containsEntry("BUCKET", "lakehouse");
    Container minio = containers(objects, "demo-minio").get(0);
    assertThat(secretRefs(minio))
        .containsEntry("MINIO_ROOT_USER", "demo-storage-credentials/accessKey")
        .containsEntry("MINIO_ROOT_PASSWORD", "demo-storage-credentials/secretKey");
    assertThat(CredentialSecrets.generate(model, new SecureRandom()))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(
            "demo-storage-credentials", "demo-catalog-credentials", "demo-trino-internal");
  }

  @Test
  void seaweedfsRunsMiniOnItsVolumeWithEveryKeyFromSecretsAndExposesOnlyS3() {
    var model = Lakehouses.model(Lakehouses.demo("demo", "data"));
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    StatefulSet seaweedfs =
        of(objects, StatefulSet.class).stream()
            .filter(s -> s.getMetadata().getName().equals("demo-seaweedfs"))
            .findFirst()
            .orElseThrow();
    Container container = seaweedfs.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand()).containsExactly("weed");
    assertThat(container.getArgs())
        .contains("mini", "-dir=/data", "-ip.bind=0.0.0.0", "-bucket=lakehouse")
        .contains("-s3.autoCreateBucket=false")
        .contains("-s3.port=8333", "-master.telemetry=false", "-admin.ui=false", "-webdav=false");
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data"));
    assertThat(secretRefs(container))
        .containsEntry("AWS_ACCESS_KEY_ID", "demo-storage-credentials/accessKey")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "demo-storage-credentials/secretKey")
        .containsEntry("WEED_JWT_SIGNING_KEY", "demo-seaweedfs-internal/WEED_JWT_SIGNING_KEY")
        .containsEntry(
            "WEED_JWT_FILER_SIGNING_READ_KEY",
            "demo-seaweedfs-internal/WEED_JWT_FILER_SIGNING_READ_KEY")
        .containsEntry("WEED_ADMIN_PASSWORD", "demo-seaweedfs-internal/WEED_ADMIN_PASSWORD");
    assertThat(env(container)).isEmpty(); // no literal value: every variable is a Secret's
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(String.join(" ", container.getStartupProbe().getExec().getCommand()))
        .contains("weed shell -master=127.0.0.1:9333.19333")
        .contains("-v bucket=lakehouse");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(seaweedfs.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(1000L);
    assertThat(seaweedfs.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources())
        .satisfies(r -> assertThat(r.getRequests().get("storage").toString()).isEqualTo("20Gi"));

    Service service =
        of(objects, Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals("demo-seaweedfs"))
            .findFirst()
            .orElseThrow();
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8333));
    assertThat(LakehouseObjects.unwanted(model))
        .extracting(LakehouseObjects.Unwanted::name)
        .contains("demo-minio", "demo-minio-bucket")
        .doesNotContain("demo-seaweedfs");

    Secret internal =
        CredentialSecrets.generate(model, new SecureRandom()).stream()
            .filter(s -> s.getMetadata().getName().equals("demo-seaweedfs-internal"))
            .findFirst()
            .orElseThrow();
    // SeaweedFS's token service refuses signing keys under 16 bytes.
    assertThat(internal.getStringData())
        .containsOnlyKeys(
            "WEED_JWT_SIGNING_KEY",
            "WEED_JWT_SIGNING_READ_KEY",
            "WEED_JWT_FILER_SIGNING_KEY",
            "WEED_JWT_FILER_SIGNING_READ_KEY",
            "WEED_ADMIN_PASSWORD")
        .allSatisfy((key, value) -> assertThat(value).hasSizeGreaterThanOrEqualTo(32));
  }

  @Test
  void credentialsComeFromSecretsAndNeverAppearInConfigMaps() {
    var lakehouse = Lakehouses.demo("demo", "data");
    var model = Lakehouses.model(lakehouse);
    List<Secret> secrets = CredentialSecrets.generate(model, new SecureRandom());
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    assertThat(secrets)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(
            "demo-storage-credentials",
            "demo-seaweedfs-internal",
            "demo-catalog-credentials",
            "demo-trino-internal");
    assertThat(secrets)
        .allSatisfy(s -> assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty());
    for (ConfigMap map : of(objects, ConfigMap.class)) {
      for (Secret secret : secrets) {
        for (String value : secret.getStringData().values()) {
          if (value.length() > 10) {
            assertThat(map.getData().values()).noneMatch(text -> text.contains(value));
          }
        }
      }
    }
    Container postgres = containers(objects, "demo-postgres").get(0);
    assertThat(secretRefs(postgres))
        .containsEntry("POSTGRES_USER", "demo-catalog-credentials/username")
        .containsEntry("POSTGRES_PASSWORD", "demo-catalog-credentials/password");
    Container metastore = containers(objects, "demo-metastore").get(0);
    assertThat(secretRefs(metastore))
        .containsEntry("LAKEHOUSE_DB_USER", "demo-catalog-credentials/username")
        .containsEntry("LAKEHOUSE_DB_PASSWORD", "demo-catalog-credentials/password")
        .containsEntry("LAKEHOUSE_S3_ACCESS_KEY", "demo-storage-credentials/accessKey")
        .containsEntry("LAKEHOUSE_S3_SECRET_KEY", "demo-storage-credentials/secretKey");
    Container trino = containers(objects, "demo-trino-coordinator").get(0);
    assertThat(secretRefs(trino))
        .containsEntry("LAKEHOUSE_TRINO_SHARED_SECRET", "demo-trino-internal/sharedSecret")
        .containsEntry("LAKEHOUSE_S3_ACCESS_KEY", "demo-storage-credentials/accessKey");
  }

  @Test
  void generatedCredentialsAreRandom() {
    var model = Lakehouses.model(Lakehouses.demo("demo", "data"));
    var first = CredentialSecrets.generate(model, new SecureRandom());
    var second = CredentialSecrets.generate(model, new SecureRandom());
    assertThat(first.get(0).getStringData().get("secretKey"))
        .hasSize(40)
        .isNotEqualTo(second.get(0).getStringData().get("secretKey"));
  }

  @Test
  void externalS3DeploysNoMinioAndReadsTheUsersSecretKeys() throws IOException {
    var model = Lakehouses.model(Lakehouses.withExternalS3(Lakehouses.demo("demo", "data"), "aws"));
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    assertThat(objects)
        .noneMatch(
            o ->
                o.getMetadata().getName().startsWith("demo-minio")
                    || o.getMetadata().getName().startsWith("demo-seaweedfs"));
    assertThat(LakehouseObjects.unwanted(model))
        .extracting(LakehouseObjects.Unwanted::name)
        .contains("demo-minio", "demo-minio-bucket", "demo-seaweedfs");
    assertThat(CredentialSecrets.generate(model, new SecureRandom()))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("demo-catalog-credentials", "demo-trino-internal");
    assertThat(secretRefs(containers(objects, "demo-metastore").get(0)))
        .containsEntry("LAKEHOUSE_S3_ACCESS_KEY", "aws/AWS_ACCESS_KEY_ID")
        .containsEntry("LAKEHOUSE_S3_SECRET_KEY", "aws/AWS_SECRET_ACCESS_KEY");
    Properties catalog =
        properties(
            configMap(objects, "demo-trino-coordinator")
                .getData()
                .get("catalog.lakehouse.properties"));
    assertThat(catalog)
        .containsEntry("s3.endpoint", "https://s3.eu-west-1.amazonaws.com")
        .containsEntry("s3.region", "eu-west-1")
        .containsEntry("s3.path-style-access", "false");
    assertThat(configMap(objects, "demo-metastore").getData().get("metastore-site.xml"))
        .contains("<value>true</value>"); // ssl on for https
  }

  @Test
  void externalPostgresDeploysNoDatabase() {
    var model =
        Lakehouses.model(Lakehouses.withExternalPostgres(Lakehouses.demo("demo", "data"), "db"));
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("demo-postgres"));
    assertThat(configMap(objects, "demo-metastore").getData().get("metastore-site.xml"))
        .contains("jdbc:postgresql://db.example:5432/hms?sslmode=require");
    assertThat(secretRefs(containers(objects, "demo-metastore").get(0)))
        .containsEntry("LAKEHOUSE_DB_USER", "db/username")
        .containsEntry("LAKEHOUSE_DB_PASSWORD", "db/password");
  }

  @Test
  void threeWorkersWithEightGibEach() throws IOException {
    var model = Lakehouses.model(Lakehouses.withTrino(Lakehouses.demo("demo", "data"), 3, "8Gi"));
    List<HasMetadata> objects = LakehouseObjects.desired(model);

    Deployment workers = deployment(objects, "demo-trino-worker");
    assertThat(workers.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment(objects, "demo-trino-coordinator").getSpec().getReplicas()).isEqualTo(1);
    assertThat(configMap(objects, "demo-trino-worker").getData().get("jvm.config"))
        .contains("-Xmx6553M");
    Properties coordinator =
        properties(configMap(objects, "demo-trino-coordinator").getData().get("config.properties"));
    assertThat(coordinator)
        .containsEntry("node-scheduler.include-coordinator", "false")
        .containsEntry("query.max-memory-per-node", "1965MB")
        .containsEntry("query.max-memory", "5895MB");
    var pod = workers.getSpec().getTemplate().getSpec();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(150L);
    assertThat(pod.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand().get(2))
        .contains("SHUTTING_DOWN")
        .contains("X-Trino-User: admin");
  }

  @Test
  void customResourcesAndImagesAreUsed() {
    var lakehouse = Lakehouses.withTrino(Lakehouses.demo("demo", "data"), 1, "4Gi");
    lakehouse.getSpec().images = new dev.lakehouse.api.lakehouse.Images();
    lakehouse.getSpec().images.trino = "registry.local/trino:476";
    lakehouse.getSpec().trino.coordinatorResources =
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi"))
            .build();
    List<HasMetadata> objects = LakehouseObjects.desired(Lakehouses.model(lakehouse));

    Container coordinator = containers(objects, "demo-trino-coordinator").get(0);
    assertThat(coordinator.getImage()).isEqualTo("registry.local/trino:476");
    assertThat(coordinator.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    assertThat(configMap(objects, "demo-trino-coordinator").getData().get("jvm.config"))
        .contains("-Xmx1280M");
    assertThat(configMap(objects, "demo-trino-worker").getData().get("jvm.config"))
        .contains("-Xmx3276M");
    assertThat(containers(objects, "demo-postgres").get(0).getImage())
        .isEqualTo("docker.io/library/postgres:17.11");
  }

  @Test
  void podsRunAsNonRootOnReadOnlyRootFileSystems() {
    List<HasMetadata> objects =
        LakehouseObjects.desired(Lakehouses.model(Lakehouses.demo("demo", "data")));
    for (PodTemplateSpec template : templates(objects)) {
      assertThat(template.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
      Stream.concat(
              template.getSpec().getContainers().stream(),
              template.getSpec().getInitContainers().stream())
          .forEach(
              c -> {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getResources().getLimits()).containsKey("memory");
              });
    }
  }

  @Test
  void metastoreRunsTheProjectsImageAndInitialisesItsSchemaOnce() {
    var model = Lakehouses.model(Lakehouses.demo("demo", "data"));
    List<HasMetadata> objects = LakehouseObjects.desired(model);
    var pod = deployment(objects, "demo-metastore").getSpec().getTemplate().getSpec();

    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("init-schema");
    Container schema = pod.getInitContainers().get(0);
    assertThat(schema.getImage())
        .isEqualTo(model.metastoreImage())
        .isEqualTo(OperatorSettings.DEFAULT_METASTORE);
    assertThat(schema.getCommand().get(2))
        .contains(MetastoreSettings.IMAGE_LAUNCHER + " schema")
        .contains("attempt $attempt of 30");
    Container server = pod.getContainers().get(0);
    assertThat(server.getCommand()).containsExactly(MetastoreSettings.IMAGE_LAUNCHER, "serve");
    for (Container c : List.of(schema, server)) {
      assertThat(c.getVolumeMounts())
          .extracting(m -> m.getMountPath())
          .containsExactlyInAnyOrder(MetastoreSettings.IMAGE_CONF_DIR, "/tmp");
      assertThat(c.getEnv())
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo("METASTORE_JAVA_OPTS");
                assertThat(e.getValue()).isEqualTo("-Xmx768m -Djava.io.tmpdir=/tmp");
              });
    }
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
    assertThat(configMap(objects, "demo-metastore").getData())
        .containsOnlyKeys("metastore-site.xml");
  }

  @Test
  void configHashChangesWithTheRenderedConfiguration() {
    var small =
        LakehouseObjects.desired(
            Lakehouses.model(Lakehouses.withTrino(Lakehouses.demo("demo", "data"), 1, "4Gi")));
    var large =
        LakehouseObjects.desired(
            Lakehouses.model(Lakehouses.withTrino(Lakehouses.demo("demo", "data"), 1, "8Gi")));
    String before =
        deployment(small, "demo-trino-worker")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(Labels.CONFIG_HASH);
    String after =
        deployment(large, "demo-trino-worker")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(Labels.CONFIG_HASH);
    assertThat(before).isNotBlank().isNotEqualTo(after);
    assertThat(
            deployment(small, "demo-metastore")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(Labels.CONFIG_HASH))
        .isEqualTo(
            deployment(large, "demo-metastore")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(Labels.CONFIG_HASH));
  }

  // --- helpers

  static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static ConfigMap configMap(List<HasMetadata> objects, String name) {
    return of(objects, ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Deployment deployment(List<HasMetadata> objects, String name) {
    return of(objects, Deployment.class).stream()
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static List<PodTemplateSpec> templates(List<HasMetadata> objects) {
    return Stream.of(
            of(objects, Deployment.class).stream().map(d -> d.getSpec().getTemplate()),
            of(objects, StatefulSet.class).stream().map(s -> s.getSpec().getTemplate()),
            of(objects, Job.class).stream().map(j -> j.getSpec().getTemplate()))
        .flatMap(s -> s)
        .toList();
  }

  static List<Container> containers(List<HasMetadata> objects, String workload) {
    return objects.stream()
        .filter(o -> o.getMetadata().getName().equals(workload))
        .flatMap(
            o ->
                o instanceof Deployment d
                    ? Stream.of(d.getSpec().getTemplate())
                    : o instanceof StatefulSet s
                        ? Stream.of(s.getSpec().getTemplate())
                        : Stream.empty())
        .flatMap(t -> t.getSpec().getContainers().stream())
        .toList();
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  static Map<String, String> secretRefs(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .collect(
            java.util.stream.Collectors.toMap(
                EnvVar::getName,
                e ->
                    e.getValueFrom().getSecretKeyRef().getName()
                        + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey()));
  }

  static Properties properties(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }
}
