package dev.lakehouse.operator.testing;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.checkpoint.KubernetesCheckpointStore;
import dev.lakehouse.operator.run.RunNames;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** What an ingestion pod writes into its run's status, for tests that play the pod. */
public final class JobPodCheckpoints {
  private static final long FILES_PER_BATCH = 5000;

  private JobPodCheckpoints() {}

  /**
   * The jobs module's real store, writing the run's status over TLS with a token of the run's own
   * ServiceAccount, so the Role the operator made for the run is what authorises it.
   */
  public static KubernetesCheckpointStore store(TestCluster cluster, String namespace, String run) {
    return storeAs(cluster, namespace, run, new RunNames(run).serviceAccount());
  }

  /** As {@link #store}, with the token of another ServiceAccount. */
  public static KubernetesCheckpointStore storeAs(
      TestCluster cluster, String namespace, String run, String serviceAccount) {
    // Asked for on first use: the operator makes the account when it starts the run's first Job.
    Supplier<String> token =
        new Supplier<>() {
          private String issued;

          @Override
          public synchronized String get() {
            if (issued == null) {
              issued = cluster.controlPlane().serviceAccountToken(namespace, serviceAccount);
            }
            return issued;
          }
        };
    return new KubernetesCheckpointStore(
        new KubernetesCheckpointStore.Config(
            cluster.url(),
            namespace,
            run,
            token,
            trusting(cluster.controlPlane().caCertificate())));
  }

  private static SSLContext trusting(String caPem) {
    try {
      var certificate =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", certificate);
      var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * After {@code committed} of {@code total} batches of 5,000 files, one row each, with {@code
   * rejectedPerBatch} rows rejected in each batch.
   */
  public static Checkpoint after(int committed, int total, long rejectedPerBatch) {
    var c = new Checkpoint();
    c.runId = "uid";
    c.batchesTotal = total;
    c.batchesCommitted = committed;
    c.deltaVersion = (long) committed;
    c.filesTotal = total * FILES_PER_BATCH;
    c.filesIngested = committed * FILES_PER_BATCH;
    c.rowsWritten = committed * FILES_PER_BATCH;
    c.rowsRejected = committed * rejectedPerBatch;
    return c;
  }
}
