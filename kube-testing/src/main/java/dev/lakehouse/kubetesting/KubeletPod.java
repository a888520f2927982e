package dev.lakehouse.kubetesting;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One pod as the test kubelet runs it: reports its status the way kubelet does ({@code phase},
 * conditions, {@code containerStatuses} with exit codes and termination messages, the pod IP) and
 * learns when the pod was deleted.
 */
public final class KubeletPod {
  private final KubernetesClient client;
  private final Pod pod;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Instant startedAt;
  private boolean ended;

  KubeletPod(KubernetesClient client, Pod pod) {
    this.client = client;
    this.pod = pod;
  }

  /** The pod as it was bound. */
  public Pod pod() {
    return pod;
  }

  public String namespace() {
    return pod.getMetadata().getNamespace();
  }

  public String name() {
    return pod.getMetadata().getName();
  }

  /** Every container started and is Ready; init containers completed. */
  public synchronized void running() {
    if (ended) {
      return;
    }
    startedAt = now();
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(
          status(
              c,
              new ContainerStateBuilder()
                  .withNewRunning()
                  .withStartedAt(stamp(startedAt))
                  .endRunning()
                  .build(),
              true));
    }
    write(
        base("Running", true)
            .withInitContainerStatuses(initContainersCompleted())
            .withContainerStatuses(containers)
            .build());
  }

  /**
   * The containers ended: the first with this exit code, reason ({@code Completed}, {@code Error},
   * {@code OOMKilled}) and termination message; the phase follows the code, as for pods with {@code
   * restartPolicy: Never}. A pod that ended never reports running again.
   */
  public synchronized void terminated(int exitCode, String reason, String message) {
    ended = true;
    Instant started = startedAt != null ? startedAt : now();
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(
          status(
              c,
              new ContainerStateBuilder()
                  .withNewTerminated()
                  .withExitCode(exitCode)
                  .withReason(reason)
                  .withMessage(message == null || message.isEmpty() ? null : message)
                  .withStartedAt(stamp(started))
                  .withFinishedAt(stamp(now()))
                  .withContainerID(containerId(c))
                  .endTerminated()
                  .build(),
              false));
    }
    write(
        base(exitCode == 0 ? "Succeeded" : "Failed", false)
            .withInitContainerStatuses(initContainersCompleted())
            .withContainerStatuses(containers)
            .build());
  }

  /**
   * The containers cannot start: the pod stays Pending with each container waiting for this reason
   * ({@code ImagePullBackOff}, {@code CreateContainerConfigError}).
   */
  public synchronized void waiting(String reason, String message) {
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(
          new ContainerStatusBuilder()
              .withName(c.getName())
              .withImage(c.getImage())
              .withImageID("")
              .withReady(false)
              .withStarted(false)
              .withRestartCount(0)
              .withNewState()
              .withNewWaiting()
              .withReason(reason)
              .withMessage(message)
              .endWaiting()
              .endState()
              .build());
    }
    write(
        base("Pending", false)
            .withPodIP(null)
            .withPodIPs()
            .withInitContainerStatuses(initContainersCompleted())
            .withContainerStatuses(containers)
            .build());
  }

  /** Blocks until the pod is deleted (its deletion timestamp set). */
  public void awaitStop() throws InterruptedException {
    stop.await();
  }

  /** Waits at most {@code timeout} for the deletion; true if the pod was deleted. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean stopRequested() {
    return stop.getCount() == 0;
  }

  void requestStop() {
    stop.countDown();
  }

  private PodStatusBuilder base(String phase, boolean ready) {
    String now = stamp(now());
    String readyStatus = ready ? "True" : "False";
    String start = stamp(startedAt != null ? startedAt : now());
    List<PodCondition> conditions =
        List.of(
            condition("PodReadyToStartContainers", ready ? "True" : "False", now),
            condition("Initialized", "True", start),
            condition("Ready", readyStatus, now),
            condition("ContainersReady", readyStatus, now),
            condition("PodScheduled", "True", start));
    return new PodStatusBuilder()
        .withPhase(phase)
        .withConditions(conditions)
        .withHostIP(TestKubelet.NODE_IP)
        .withHostIPs(new HostIPBuilder().withIp(TestKubelet.NODE_IP).build())
        .withPodIP(TestKubelet.POD_IP)
        .withPodIPs(new PodIPBuilder().withIp(TestKubelet.POD_IP).build())
        .withStartTime(start);
  }

  private List<ContainerStatus> initContainersCompleted() {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) {
      Instant at = startedAt != null ? startedAt : now();
      statuses.add(
          status(
              c,
              new ContainerStateBuilder()
                  .withNewTerminated()
                  .withExitCode(0)
                  .withReason("Completed")
                  .withStartedAt(stamp(at))
                  .withFinishedAt(stamp(at))
                  .withContainerID(containerId(c))
                  .endTerminated()
                  .build(),
              false));
    }
    return statuses;
  }

  private ContainerStatus status(Container container, ContainerState state, boolean ready) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID(container.getImage())
        .withContainerID(containerId(container))
        .withReady(ready)
        .withStarted(ready)
        .withRestartCount(0)
        .withState(state)
        .build();
  }

  private String containerId(Container container) {
    return "test://" + pod.getMetadata().getUid() + "/" + container.getName();
  }

  private static PodCondition condition(String type, String status, String at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(at)
        .build();
  }

  private void write(PodStatus status) {
    try {
      client
          .pods()
          .inNamespace(namespace())
          .withName(name())
          .editStatus(
              current -> {
                current.setStatus(status);
                return current;
              });
    } catch (KubernetesClientException e) {
      // The pod went away meanwhile: nothing left to report on.
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String stamp(Instant at) {
    return at.toString();
  }
}
