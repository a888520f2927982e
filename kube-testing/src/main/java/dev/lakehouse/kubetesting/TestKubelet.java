package dev.lakehouse.kubetesting;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kubelet (and the scheduler's binding) for the one test Node: binds every pending pod to it,
 * runs each bound pod with the {@link PodBehaviour} registered for it ({@link
 * PodBehaviour#RUN_UNTIL_DELETED} by default), and finishes a deleted pod's termination, which only
 * a kubelet does (without it, pods stay Terminating and namespaces are never removed).
 *
 * <p>Tests also end pods the ways a node ends them ({@link #terminate}, {@link #editStatus}); the
 * real controllers take it from there.
 */
public final class TestKubelet implements AutoCloseable {
  public static final String NODE = "lakehouse-test-node";
  public static final String NODE_IP = "127.0.0.1";

  /** Every pod's IP: its processes are local ones. */
  public static final String POD_IP = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(TestKubelet.class);

  private record Rule(Predicate<Pod> which, PodBehaviour behaviour) {}

  private record Unplaceable(Predicate<Pod> which, String message) {}

  private final KubernetesClient client;
  private final URI apiServer;
  private final String caCertificate;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Unplaceable> unplaceable = new CopyOnWriteArrayList<>();
  private final Map<String, KubeletPod> pods = new ConcurrentHashMap<>();
  private final ExecutorService events = Executors.newSingleThreadExecutor(named("kubelet-sync"));
  private final ExecutorService runners = Executors.newCachedThreadPool(named("kubelet-pod"));
  private SharedIndexInformer<Pod> informer;

  private TestKubelet(KubernetesClient client, URI apiServer, String caCertificate) {
    this.client = client;
    this.apiServer = apiServer;
    this.caCertificate = caCertificate;
  }

  static TestKubelet start(KubernetesClient client, URI apiServer, String caCertificate) {
    var kubelet = new TestKubelet(client, apiServer, caCertificate);
    kubelet.registerNode();
    kubelet.informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    kubelet.events.execute(() -> kubelet.sync(pod));
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    kubelet.events.execute(() -> kubelet.sync(pod));
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {
                    kubelet.events.execute(() -> kubelet.forget(pod));
                  }
                });
    return kubelet;
  }

  /** The API server as pods see it (their {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}). */
  public URI apiServer() {
    return apiServer;
  }

  /** The CA a pod's mounted {@code ca.crt} holds. */
  public String caCertificate() {
    return caCertificate;
  }

  /**
   * Pods that match run with this behaviour from now on (the newest matching rule wins); closing
   * the handle removes the rule.
   */
  public AutoCloseable runWith(Predicate<Pod> which, PodBehaviour behaviour) {
    var rule = new Rule(which, behaviour);
    rules.add(0, rule);
    return () -> rules.remove(rule);
  }

  /**
   * Plays the scheduler failing to place pods that match: they stay unbound, and their status says
   * {@code PodScheduled=False}, reason {@code Unschedulable}, with this message (as the scheduler
   * words it, e.g. {@code 0/3 nodes are available: 3 Insufficient cpu.}). Closing the handle places
   * the pods that wait, as a scheduler retrying them would.
   */
  public AutoCloseable cannotSchedule(Predicate<Pod> which, String message) {
    var rule = new Unplaceable(which, message);
    unplaceable.add(0, rule);
    return () -> {
      unplaceable.remove(rule);
      for (Pod pod : informer.getStore().list()) {
        events.execute(() -> sync(pod));
      }
    };
  }

  /** Ends the pod's containers with this exit code, reason and termination message. */
  public void terminate(String namespace, String pod, int exitCode, String reason, String message) {
    pods.computeIfAbsent(key(namespace, pod), k -> new KubeletPod(client, require(namespace, pod)))
        .terminated(exitCode, reason, message);
  }

  /** Replaces the pod's status, as a kubelet reporting an eviction or a pull failure would. */
  public void editStatus(String namespace, String pod, UnaryOperator<PodStatus> change) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .editStatus(
            current -> {
              current.setStatus(change.apply(current.getStatus()));
              return current;
            });
  }

  /** The pods the kubelet runs now in this namespace with these labels. */
  public List<Pod> pods(String namespace, Map<String, String> labels) {
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
  }

  private Pod require(String namespace, String name) {
    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get())
        .orElseThrow(() -> new IllegalStateException("no pod " + namespace + "/" + name));
  }

  private void sync(Pod pod) {
    try {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        finishDeletion(pod);
      } else if (pod.getSpec().getNodeName() == null) {
        Optional<Unplaceable> stuck =
            unplaceable.stream().filter(u -> u.which().test(pod)).findFirst();
        if (stuck.isPresent()) {
          reportUnschedulable(pod, stuck.get().message());
        } else {
          bind(pod);
        }
      } else if (NODE.equals(pod.getSpec().getNodeName())) {
        startOnce(pod);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        LOG.warn("test kubelet: {}/{}: {}", namespace(pod), name(pod), e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("test kubelet: {}/{}", namespace(pod), name(pod), e);
    }
  }

  private void reportUnschedulable(Pod pod, String message) {
    boolean reported =
        pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(
                    c -> "PodScheduled".equals(c.getType()) && message.equals(c.getMessage()));
    if (reported) {
      return;
    }
    editStatus(
        namespace(pod),
        name(pod),
        status -> {
          status.setPhase("Pending");
          status.setConditions(
              List.of(
                  new PodConditionBuilder()
                      .withType("PodScheduled")
                      .withStatus("False")
                      .withReason("Unschedulable")
                      .withMessage(message)
                      .withLastTransitionTime(
                          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                      .build()));
          return status;
        });
  }

  private void bind(Pod pod) {
    client
        .bindings()
        .inNamespace(namespace(pod))
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(name(pod))
                .withNamespace(namespace(pod))
                .endMetadata()
                .withNewTarget()
                .withKind("Node")
                .withApiVersion("v1")
                .withName(NODE)
                .endTarget()
                .build())
        .create();
  }

  private void startOnce(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    String key = key(namespace(pod), name(pod));
    var running = new KubeletPod(client, pod);
    if (pods.putIfAbsent(key, running) != null) {
      return;
    }
    PodBehaviour behaviour =
        rules.stream()
            .filter(r -> r.which().test(pod))
            .map(Rule::behaviour)
            .findFirst()
            .orElse(PodBehaviour.RUN_UNTIL_DELETED);
    runners.execute(
        () -> {
          try {
            behaviour.run(running);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            LOG.warn("test kubelet: pod {} failed to run", key, e);
            running.terminated(128, "ContainerCannotRun", String.valueOf(e.getMessage()));
          }
        });
  }

  /** A deleted pod's containers are stopped, then the pod object is removed for good. */
  private void finishDeletion(Pod pod) {
    KubeletPod running = pods.get(key(namespace(pod), name(pod)));
    if (running != null) {
      running.requestStop();
    }
    client.pods().inNamespace(namespace(pod)).withName(name(pod)).withGracePeriod(0).delete();
  }

  private void forget(Pod pod) {
    KubeletPod running = pods.remove(key(namespace(pod), name(pod)));
    if (running != null) {
      running.requestStop();
    }
  }

  private void registerNode() {
    var node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(NODE)
            .withLabels(
                Map.of(
                    "kubernetes.io/hostname", NODE,
                    "kubernetes.io/os", "linux",
                    "kubernetes.io/arch", "amd64"))
            .endMetadata()
            .build();
    client.nodes().resource(node).create();
    client
        .nodes()
        .withName(NODE)
        .editStatus(
            n -> {
              n.setStatus(nodeStatus());
              return n;
            });
  }

  private static NodeStatus nodeStatus() {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("16"),
            "memory", new Quantity("64Gi"),
            "pods", new Quantity("500"),
            "ephemeral-storage", new Quantity("100Gi"));
    String now = Instant.now().toString();
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("test kubelet is posting ready status")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .endCondition()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(NODE_IP)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(NODE)
        .endAddress()
        .build();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static String namespace(Pod pod) {
    return pod.getMetadata().getNamespace();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    var count = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    pods.values().forEach(KubeletPod::requestStop);
    events.shutdownNow();
    runners.shutdownNow();
  }
}
