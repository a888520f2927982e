package dev.lakehouse.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's admission policy on a run's ServiceAccount, on the real API server: under the pods
 * Role a run with executors gets, the account creates the executor pods Spark makes from the
 * project's template and deletes them, and is refused any other pod (one running as another
 * account, carrying the token, reading a Secret, owned by nothing) and the deletion of pods that
 * are not executors. An account not named like a run's is left alone.
 */
class RunPodPolicyIT {
  static final String RUN = "raygun-errors-1";
  static final String ACCOUNT = new RunNames(RUN).serviceAccount();
  static final String OTHER = "reporting";

  static TestCluster cluster;
  static KubernetesClient admin;
  static KubernetesClient asRun;
  static Pod driver;

  @BeforeAll
  static void accounts() {
    cluster = TestCluster.start("run-pod-policy");
    admin = cluster.client();
    for (String account : new String[] {ACCOUNT, OTHER}) {
      grantPods(account);
    }
    asRun = cluster.clientAs(ACCOUNT);
    driver =
        admin
            .pods()
            .inNamespace(cluster.namespace())
            .resource(restricted("raygun-errors-1-1-abcde").editMetadata().endMetadata().build())
            .create();
    // A policy is enforced once the API server has loaded it: wait for the first refusal (each
    // probe under a new name, so an admitted one is not mistaken for a refusal later).
    AtomicInteger probes = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              KubernetesClientException e =
                  refusal(
                      () ->
                          create(asRun, unlabelled(executor("probe-" + probes.incrementAndGet()))));
              return e != null && e.getCode() == 403;
            });
  }

  @AfterAll
  static void close() {
    asRun.close();
    cluster.close();
  }

  @Test
  void theRunsAccountCreatesAndDeletesItsExecutors() {
    Pod created = create(asRun, executor("raygun-errors-1-spark-exec-1"));
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(asRun.resource(created).delete()).isNotEmpty();
  }

  static Stream<Arguments> refusedPods() {
    return Stream.of(
        Arguments.of(
            "not an executor",
            (UnaryOperator<Pod>) RunPodPolicyIT::unlabelled,
            "creates only Spark executor pods (label spark-role=executor)"),
        Arguments.of(
            "owned by nothing",
            (UnaryOperator<Pod>)
                pod ->
                    new PodBuilder(pod).editMetadata().withOwnerReferences().endMetadata().build(),
            "is owned by its driver pod"),
        Arguments.of(
            "as another account",
            (UnaryOperator<Pod>)
                pod ->
                    new PodBuilder(pod).editSpec().withServiceAccountName(OTHER).endSpec().build(),
            "runs as the account that creates it (system:serviceaccount:"),
        Arguments.of(
            "with the account's token",
            (UnaryOperator<Pod>)
                pod ->
                    new PodBuilder(pod)
                        .editSpec()
                        .withAutomountServiceAccountToken(true)
                        .endSpec()
                        .build(),
            "gets no token"),
        Arguments.of(
            "mounting a Secret",
            (UnaryOperator<Pod>)
                pod ->
                    new PodBuilder(pod)
                        .editSpec()
                        .addNewVolume()
                        .withName("creds")
                        .withNewSecret()
                        .withSecretName("demo-lakehouse-credentials")
                        .endSecret()
                        .endVolume()
                        .endSpec()
                        .build(),
            "mounts only emptyDir volumes"),
        Arguments.of(
            "with a Secret in its environment",
            (UnaryOperator<Pod>)
                pod ->
                    new PodBuilder(pod)
                        .editSpec()
                        .editFirstContainer()
                        .addNewEnv()
                        .withName("AWS_SECRET_ACCESS_KEY")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("secretKey", "demo-lakehouse-credentials", false)
                        .endValueFrom()
                        .endEnv()
                        .endContainer()
                        .endSpec()
                        .build(),
            "reads no Secret into its environment"));
  }

  @ParameterizedTest(name = "a pod {0}")
  @MethodSource("refusedPods")
  void theRunsAccountIsRefusedAnyOtherPod(String what, UnaryOperator<Pod> change, String message) {
    Pod pod = change.apply(executor("raygun-errors-1-spark-exec-9"));
    assertThat(refusal(() -> create(asRun, pod)))
        .as("the refusal of a pod %s", what)
        .isNotNull()
        .satisfies(e -> assertThat(e.getCode()).isEqualTo(403))
        .satisfies(e -> assertThat(e.getMessage()).contains("lakehouse-run-pods", message));
    assertThat(
            admin
                .pods()
                .inNamespace(cluster.namespace())
                .withName(pod.getMetadata().getName())
                .get())
        .isNull();
  }

  @Test
  void theRunsAccountDeletesNoPodButExecutors() {
    KubernetesClientException refused =
        refusal(() -> asRun.pods().inNamespace(cluster.namespace()).resource(driver).delete());
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("deletes only Spark executor pods");
    assertThat(admin.pods().inNamespace(cluster.namespace()).resource(driver).get()).isNotNull();
  }

  @Test
  void anAccountNotNamedLikeARunsIsLeftToItsRbac() {
    try (KubernetesClient other = cluster.clientAs(OTHER)) {
      Pod plain = create(other, restricted("reporting-dashboard").build());
      assertThat(other.resource(plain).delete()).isNotEmpty();
    }
  }

  // --- pods

  /** What Spark creates from ExecutorPodTemplate: executor label, owned by the driver. */
  static Pod executor(String name) {
    return restricted(name)
        .editMetadata()
        .addToLabels("spark-role", "executor")
        .addToLabels("lakehouse.dev/run", RUN)
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(driver.getMetadata().getName())
        .withUid(driver.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .editSpec()
        .withServiceAccountName(ACCOUNT)
        .withAutomountServiceAccountToken(false)
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  static Pod unlabelled(Pod pod) {
    return new PodBuilder(pod).editMetadata().removeFromLabels("spark-role").endMetadata().build();
  }

  /** A pod Pod Security "restricted" admits. */
  static PodBuilder restricted(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(185L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("main")
        .withImage("ghcr.io/lakehouse/jobs:0.1.0")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec();
  }

  static Pod create(KubernetesClient as, Pod pod) {
    return as.pods().inNamespace(cluster.namespace()).resource(pod).create();
  }

  static KubernetesClientException refusal(Runnable call) {
    try {
      call.run();
      return null;
    } catch (KubernetesClientException e) {
      return e;
    }
  }

  /** The pods rule RunObjects puts in the Role of a run with executors, bound to the account. */
  static void grantPods(String account) {
    String ns = cluster.namespace();
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
        .create();
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(account)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("pods")
                .withVerbs(JobConfig.Executors.DRIVER_POD_VERBS)
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(account)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(account)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(account)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }
}
