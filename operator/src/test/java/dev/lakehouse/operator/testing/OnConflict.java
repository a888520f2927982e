package dev.lakehouse.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * A test's edit of an object the operator writes too: a real API server refuses a write based on an
 * old resourceVersion (409), so the edit is read again and retried, as kubectl edit would be.
 */
public final class OnConflict {
  private static final int ATTEMPTS = 20;

  private OnConflict() {}

  public static <T> T retry(Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
