package dev.lakehouse.kubetesting;

/** What the test kubelet does with a pod bound to its Node: run it, on a thread of its own. */
@FunctionalInterface
public interface PodBehaviour {
  /** Containers start, report Ready, and run until the pod is deleted (no probes are run). */
  PodBehaviour RUN_UNTIL_DELETED =
      pod -> {
        pod.running();
        pod.awaitStop();
      };

  /**
   * Runs the pod: reports it {@link KubeletPod#running()}, then its end ({@link
   * KubeletPod#terminated}), or returns once {@link KubeletPod#awaitStop()} says it was deleted.
   */
  void run(KubeletPod pod) throws Exception;
}
