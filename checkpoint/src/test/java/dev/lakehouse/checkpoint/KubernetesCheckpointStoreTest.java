package dev.lakehouse.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against fabric8's mock API server in CRUD mode: the real HTTP path, end to end. */
class KubernetesCheckpointStoreTest {
  private static final String NAMESPACE = "lakehouse";
  private static final String RUN = "raygun-20240101";
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-token-value";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startServer() throws Exception {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    try (InputStream crd =
        IngestionRun.class.getResourceAsStream(
            "/META-INF/fabric8/ingestionruns.lakehouse.dev-v1.yml")) {
      assertThat(crd).as("the CRD in the api jar").isNotNull();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    }
  }

  @AfterEach
  void stopServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void loadOfARunWithoutStatusIsEmpty() {
    createRun(RUN);

    assertThat(store(RUN).load()).isEmpty();
  }

  @Test
  void saveThenLoadRoundTripsEveryField() {
    createRun(RUN);
    KubernetesCheckpointStore store = store(RUN);
    Checkpoint saved = full(3);

    store.save(saved);

    Checkpoint loaded = store.load().orElseThrow();
    assertThat(loaded).usingRecursiveComparison().isEqualTo(saved);
    assertThat(loaded.manifest.sha256).isEqualTo(saved.manifest.sha256);
    // The operator's client sees the same checkpoint through the typed resource.
    assertThat(fetch(RUN).getStatus().checkpoint).usingRecursiveComparison().isEqualTo(saved);
  }

  @Test
  void checkpointsAdvanceBatchByBatch() {
    createRun(RUN);
    KubernetesCheckpointStore store = store(RUN);

    for (int batch = 1; batch <= 5; batch++) {
      store.save(full(batch));
      Checkpoint loaded = store.load().orElseThrow();
      assertThat(loaded.batchesCommitted).isEqualTo(batch);
      assertThat(loaded.deltaVersion).isEqualTo(100L + batch);
      assertThat(loaded.progress()).isEqualTo(batch + "/10");
    }
  }

  @Test
  void aStaleSaveIsIgnored() {
    createRun(RUN);
    KubernetesCheckpointStore store = store(RUN);
    store.save(full(4));
    String resourceVersion = fetch(RUN).getMetadata().getResourceVersion();

    store.save(full(2));

    Checkpoint loaded = store.load().orElseThrow();
    assertThat(loaded.batchesCommitted).isEqualTo(4);
    assertThat(loaded.deltaVersion).isEqualTo(104L);
    assertThat(fetch(RUN).getMetadata().getResourceVersion())
        .as("a stale save writes nothing")
        .isEqualTo(resourceVersion);
  }

  @Test
  void aSaveReplacesTheWholeCheckpoint() {
    createRun(RUN);
    KubernetesCheckpointStore store = store(RUN);
    store.save(full(1));
    Checkpoint smaller = minimal(2);

    store.save(smaller);

    Checkpoint loaded = store.load().orElseThrow();
    assertThat(loaded).usingRecursiveComparison().isEqualTo(smaller);
    assertThat(loaded.manifest).isNull();
    assertThat(loaded.rowsWritten).isNull();
  }

  @Test
  void aSaveKeepsTheStatusFieldsOtherWritersOwn() {
    IngestionRun run = createRun(RUN);
    IngestionRunStatus status = new IngestionRunStatus();
    status.phase = RunPhase.Running;
    status.attempts = 2;
    status.message = "batch 1 of 10";
    status.conditions =
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("False")
                .withReason("Running")
                .withMessage("ingesting")
                .withLastTransitionTime("2024-01-01T00:00:00Z")
                .build());
    run.setStatus(status);
    client.resources(IngestionRun.class).resource(run).updateStatus();

    store(RUN).save(full(1));

    IngestionRun after = fetch(RUN);
    assertThat(after.getStatus().phase).isEqualTo(RunPhase.Running);
    assertThat(after.getStatus().attempts).isEqualTo(2);
    assertThat(after.getStatus().message).isEqualTo("batch 1 of 10");
    assertThat(after.getStatus().conditions).extracting("type").containsExactly("Ready");
    assertThat(after.getStatus().checkpoint.batchesCommitted).isEqualTo(1);
    assertThat(after.getSpec().dataset).isEqualTo("raygun");
  }

  @Test
  void usesOnlyGetOfTheRunAndMergePatchOfItsStatus() throws Exception {
    createRun(RUN);
    KubernetesCheckpointStore store = store(RUN);
    int before = server.getRequestCount();
    for (int i = 0; i < before; i++) {
      server.takeRequest(1, TimeUnit.SECONDS);
    }

    store.save(full(1));
    store.load();

    String runPath = "/apis/lakehouse.dev/v1alpha1/namespaces/" + NAMESPACE + "/ingestionruns/";
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    assertThat(requests)
        .extracting(r -> r.getMethod() + " " + r.getPath())
        .containsExactly(
            "GET " + runPath + RUN, "PATCH " + runPath + RUN + "/status", "GET " + runPath + RUN);
    RecordedRequest patch = requests.get(1);
    assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(patch.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    // (The CRUD dispatcher consumes the recorded body; what the patch leaves alone is asserted by
    // aSaveKeepsTheStatusFieldsOtherWritersOwn.)
  }

  @Test
  void aConflictIsReReadAndRetried() {
    createRun(RUN);
    AtomicInteger interference = new AtomicInteger();
    // Another writer (the operator) changes the status between the store's GET and PATCH, twice.
    Runnable otherWriter =
        () -> {
          if (interference.incrementAndGet() <= 2) {
            client
                .resources(IngestionRun.class)
                .inNamespace(NAMESPACE)
                .withName(RUN)
                .editStatus(
                    r -> {
                      if (r.getStatus() == null) {
                        r.setStatus(new IngestionRunStatus());
                      }
                      r.getStatus().phase = RunPhase.Running;
                      r.getStatus().attempts = interference.get();
                      return r;
                    });
          }
        };
    KubernetesCheckpointStore store = store(RUN, otherWriter);

    store.save(full(1));

    assertThat(interference.get()).as("two conflicts, then a clean attempt").isEqualTo(3);
    IngestionRun after = fetch(RUN);
    assertThat(after.getStatus().checkpoint).usingRecursiveComparison().isEqualTo(full(1));
    assertThat(after.getStatus().phase).isEqualTo(RunPhase.Running);
    assertThat(after.getStatus().attempts).isEqualTo(2);
  }

  @Test
  void endlessConflictsFailWithAClearMessage() {
    createRun(RUN);
    AtomicInteger attempts = new AtomicInteger();
    // Every attempt meets a new change (an unchanged object keeps its resourceVersion).
    Runnable alwaysInterfere = () -> setStatus(RUN, RunPhase.Running, attempts.incrementAndGet());
    KubernetesCheckpointStore store = store(RUN, alwaysInterfere);

    assertThatThrownBy(() -> store.save(full(1)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("IngestionRun " + NAMESPACE + "/" + RUN)
        .hasMessageContaining("HTTP 409")
        .hasMessageNotContaining(TOKEN);
    assertThat(attempts.get()).isEqualTo(KubernetesCheckpointStore.MAX_CONFLICT_ATTEMPTS);
    assertThat(fetch(RUN).getStatus().checkpoint).isNull();
  }

  @Test
  void aBurstOfSavesAndStatusUpdatesLosesNothing() throws Exception {
    createRun(RUN);
    int writers = 4;
    int batchesPerWriter = 10;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger phaseUpdates = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    try {
      Future<?> operator =
          pool.submit(
              () -> {
                start.await();
                while (!done.get()) {
                  RunPhase phase =
                      phaseUpdates.incrementAndGet() % 2 == 0
                          ? RunPhase.Running
                          : RunPhase.Retrying;
                  setPhase(RUN, phase);
                  Thread.sleep(1); // a busy operator, not a livelock
                }
                setPhase(RUN, RunPhase.Succeeded);
                return null;
              });
      List<Future<?>> savers = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        savers.add(
            pool.submit(
                () -> {
                  KubernetesCheckpointStore store = store(RUN);
                  start.await();
                  // Writer w saves batches w+1, w+1+writers, ...: together every batch,
                  // interleaved.
                  for (int i = 0; i < batchesPerWriter; i++) {
                    store.save(full(writer + 1 + i * writers));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> saver : savers) {
        saver.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      operator.get(60, TimeUnit.SECONDS);
    } finally {
      done.set(true);
      pool.shutdownNow();
    }

    int highest = writers * batchesPerWriter;
    IngestionRun after = fetch(RUN);
    assertThat(after.getStatus().checkpoint).usingRecursiveComparison().isEqualTo(full(highest));
    assertThat(after.getStatus().phase).isEqualTo(RunPhase.Succeeded);
    assertThat(after.getStatus().attempts).isEqualTo(7);
    assertThat(phaseUpdates.get()).isPositive();
    assertThat(store(RUN).load().orElseThrow().batchesCommitted).isEqualTo(highest);
  }

  @Test
  void aMissingRunFailsWithAClearMessage() {
    createRun(RUN);
    KubernetesCheckpointStore store = store("no-such-run");

    assertThatThrownBy(store::load)
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("IngestionRun " + NAMESPACE + "/no-such-run")
        .hasMessageContaining("HTTP 404")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> store.save(full(1)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("IngestionRun " + NAMESPACE + "/no-such-run")
        .hasMessageContaining("HTTP 404")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void errorsNeverShowTheToken() {
    KubernetesCheckpointStore store = store("absent");

    Throwable failure = catchFailure(() -> store.save(full(1)));

    assertThat(failure).isInstanceOf(CheckpointException.class);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN).doesNotContain("secret");
      assertThat(t.toString()).doesNotContain(TOKEN);
    }
    assertThat(store.config().toString()).doesNotContain(TOKEN);
  }

  @Test
  void theTokenIsAskedForOnEveryRequest() {
    createRun(RUN);
    AtomicInteger asked = new AtomicInteger();
    KubernetesCheckpointStore store =
        new KubernetesCheckpointStore(
            new KubernetesCheckpointStore.Config(
                apiServer(), NAMESPACE, RUN, () -> "token-" + asked.incrementAndGet(), null));

    store.load();
    store.save(full(1));

    assertThat(asked.get()).as("one GET, then GET and PATCH").isEqualTo(3);
  }

  // --- helpers ---

  private KubernetesCheckpointStore store(String run) {
    return store(run, () -> {});
  }

  private KubernetesCheckpointStore store(String run, Runnable beforePatch) {
    return new KubernetesCheckpointStore(
        new KubernetesCheckpointStore.Config(apiServer(), NAMESPACE, run, () -> TOKEN, null),
        beforePatch,
        Duration.ofMillis(10));
  }

  private URI apiServer() {
    String url = server.url("/");
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  private IngestionRun createRun(String name) {
    IngestionRun run = new IngestionRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    IngestionRunSpec spec = new IngestionRunSpec();
    spec.dataset = "raygun";
    run.setSpec(spec);
    return client.resources(IngestionRun.class).inNamespace(NAMESPACE).resource(run).create();
  }

  private IngestionRun fetch(String name) {
    return client.resources(IngestionRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** The operator's way of writing its part of the status: a read-modify-write with retries. */
  private void setPhase(String name, RunPhase phase) {
    setStatus(name, phase, 7);
  }

  private void setStatus(String name, RunPhase phase, int attempts) {
    for (int attempt = 0; ; attempt++) {
      try {
        client
            .resources(IngestionRun.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .editStatus(
                r -> {
                  if (r.getStatus() == null) {
                    r.setStatus(new IngestionRunStatus());
                  }
                  r.getStatus().phase = phase;
                  r.getStatus().attempts = attempts;
                  return r;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 50) {
          throw e;
        }
      }
    }
  }

  private static Throwable catchFailure(Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  static Checkpoint full(int batches) {
    Checkpoint checkpoint = new Checkpoint();
    checkpoint.runId = "0b6e3c1a-run-uid";
    checkpoint.batchesTotal = 10;
    checkpoint.batchesCommitted = batches;
    checkpoint.deltaVersion = 100L + batches;
    checkpoint.filesTotal = 100_000L;
    checkpoint.filesIngested = 10_000L * batches;
    checkpoint.filesSkipped = (long) batches;
    checkpoint.bytesIngested = 5_000_000_000L * batches; // beyond an int
    checkpoint.rowsWritten = 9_999L * batches;
    checkpoint.rowsRejected = 1L * batches;
    checkpoint.manifest = new Checkpoint.Manifest();
    checkpoint.manifest.location = "s3a://lakehouse/_manifests/raygun-20240101.json";
    checkpoint.manifest.files = 100_000L;
    checkpoint.manifest.bytes = 50_000_000_000L;
    checkpoint.manifest.sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    checkpoint.updatedAt = "2024-01-01T00:0" + (batches % 10) + ":00Z";
    return checkpoint;
  }

  static Checkpoint minimal(int batches) {
    Checkpoint checkpoint = new Checkpoint();
    checkpoint.runId = "0b6e3c1a-run-uid";
    checkpoint.batchesTotal = 10;
    checkpoint.batchesCommitted = batches;
    return checkpoint;
  }
}
