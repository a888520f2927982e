package dev.lakehouse.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.api.run.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The checkpoint in {@code status.checkpoint} of one IngestionRun, read and written through the
 * Kubernetes API with nothing but the JDK HTTP client and Jackson: the store runs inside Spark
 * pods, whose classpath carries Spark's own (older) fabric8 client, so it must not bring another.
 *
 * <p>It uses exactly two calls, the ones the pod's RBAC grants on its one run: {@code get} of the
 * run and {@code patch} of its status subresource. A save is a JSON merge patch of {@code
 * status.checkpoint} alone, guarded by the {@code resourceVersion} read just before, so the fields
 * the operator owns in the status (phase, conditions, attempts, history) are never touched and a
 * checkpoint never moves backwards. A conflict (HTTP 409) re-reads and retries; server errors and
 * I/O failures are retried a few times; everything else fails with a {@link CheckpointException}
 * naming the run, the HTTP status and the server's message. The bearer token never appears in a
 * message.
 */
public final class KubernetesCheckpointStore implements CheckpointStore {
  /** Where a pod finds its service account credentials. */
  public static final Path SERVICE_ACCOUNT_DIR =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  static final int MAX_CONFLICT_ATTEMPTS = 8;
  static final int MAX_TRANSIENT_ATTEMPTS = 4;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONFLICT_BACKOFF = Duration.ofMillis(25);
  private static final Duration CONFLICT_BACKOFF_CAP = Duration.ofMillis(500);
  private static final Duration TRANSIENT_BACKOFF_CAP = Duration.ofSeconds(5);
  private static final int MAX_MESSAGE_CHARS = 500;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final System.Logger LOG =
      System.getLogger(KubernetesCheckpointStore.class.getName());

  /**
   * Where the run is and how to reach the API server.
   *
   * @param apiServer the API server, e.g. {@code https://10.96.0.1:443}
   * @param namespace the run's namespace
   * @param runName the IngestionRun's name
   * @param bearerToken asked on every request (projected service account tokens rotate)
   * @param sslContext trusts the API server's CA; null for the JDK default (or plain HTTP)
   */
  public record Config(
      URI apiServer,
      String namespace,
      String runName,
      Supplier<String> bearerToken,
      SSLContext sslContext) {
    public Config {
      Objects.requireNonNull(apiServer, "apiServer");
      requireText(namespace, "namespace");
      requireText(runName, "runName");
      Objects.requireNonNull(bearerToken, "bearerToken");
      String uri = apiServer.toString();
      if (uri.endsWith("/")) {
        apiServer = URI.create(uri.substring(0, uri.length() - 1));
      }
    }

    /**
     * The configuration of a process running in a pod: the API server from {@code
     * KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}, the token, CA and namespace from
     * the mounted service account.
     */
    public static Config inCluster(String runName) {
      return inCluster(runName, System.getenv(), SERVICE_ACCOUNT_DIR);
    }

    static Config inCluster(String runName, Map<String, String> env, Path serviceAccountDir) {
      String host = env.get("KUBERNETES_SERVICE_HOST");
      if (host == null || host.isBlank()) {
        throw new CheckpointException(
            "cannot reach the Kubernetes API for IngestionRun "
                + runName
                + ": KUBERNETES_SERVICE_HOST is not set (not running in a pod?)");
      }
      host = host.trim();
      String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443").trim();
      if (port.isEmpty()) {
        port = "443";
      }
      if (host.contains(":") && !host.startsWith("[")) {
        host = "[" + host + "]"; // an IPv6 address
      }
      URI apiServer = URI.create("https://" + host + ":" + port);
      Path tokenFile = serviceAccountDir.resolve("token");
      Supplier<String> token = () -> readServiceAccountFile(tokenFile).trim();
      String namespace;
      try {
        namespace = readServiceAccountFile(serviceAccountDir.resolve("namespace")).trim();
        token.get(); // fail now, not on the first save, when the token is not mounted
      } catch (UncheckedIOException e) {
        throw new CheckpointException(
            "cannot reach the Kubernetes API for IngestionRun "
                + runName
                + ": "
                + e.getMessage()
                + " (is the service account token mounted?)",
            e);
      }
      SSLContext ssl = trusting(serviceAccountDir.resolve("ca.crt"));
      return new Config(apiServer, namespace, runName, token, ssl);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
      return "Config[apiServer=" + apiServer + ", run=" + namespace + "/" + runName + "]";
    }

    private static void requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
    }
  }

  private final Config config;
  private final HttpClient http;
  private final URI runUri;
  private final URI statusUri;
  private final Runnable beforePatch;
  private final Duration transientBackoff;

  public KubernetesCheckpointStore(Config config) {
    this(config, () -> {}, Duration.ofMillis(200));
  }

  /**
   * For tests: {@code beforePatch} runs between the read and the patch of every attempt (to provoke
   * conflicts); {@code transientBackoff} is the first back-off after a server error.
   */
  KubernetesCheckpointStore(Config config, Runnable beforePatch, Duration transientBackoff) {
    this.config = Objects.requireNonNull(config, "config");
    this.beforePatch = Objects.requireNonNull(beforePatch, "beforePatch");
    this.transientBackoff = Objects.requireNonNull(transientBackoff, "transientBackoff");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    this.http = builder.build();
    String run =
        config.apiServer()
            + "/apis/lakehouse.dev/v1alpha1/namespaces/"
            + segment(config.namespace())
            + "/ingestionruns/"
            + segment(config.runName());
    this.runUri = URI.create(run);
    this.statusUri = URI.create(run + "/status");
  }

  /** The store of the run this pod belongs to; see {@link Config#inCluster(String)}. */
  public static KubernetesCheckpointStore inCluster(String runName) {
    return new KubernetesCheckpointStore(Config.inCluster(runName));
  }

  public Config config() {
    return config;
  }

  @Override
  public Optional<Checkpoint> load() {
    return Optional.ofNullable(read().checkpoint());
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    ObjectNode desired = JSON.valueToTree(checkpoint);
    int conflicts = 0;
    int failures = 0;
    while (true) {
      Run run = read();
      if (run.checkpointNode() != null && !run.checkpointNode().isNull()) {
        if (LocalCheckpointStore.committed(run.checkpoint())
            > LocalCheckpointStore.committed(checkpoint)) {
          LOG.log(
              System.Logger.Level.DEBUG,
              "IngestionRun {0} already has {1} batches committed; ignoring a save of {2}",
              runId(),
              run.checkpoint().batchesCommitted,
              checkpoint.batchesCommitted);
          return;
        }
        if (JSON.valueToTree(run.checkpoint()).equals(desired)
            && run.checkpointNode().size() == desired.size()) {
          return; // already there (e.g. a patch that landed although its response was lost)
        }
      }
      if (run.resourceVersion() == null) {
        throw new CheckpointException(
            "cannot save the checkpoint of IngestionRun "
                + runId()
                + ": the server returned it without metadata.resourceVersion");
      }
      beforePatch.run();
      String body = patchBody(run, desired);
      Response response;
      try {
        response =
            send(
                request(statusUri)
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                    .build());
      } catch (IOException e) {
        failures++;
        if (failures >= MAX_TRANSIENT_ATTEMPTS) {
          throw new CheckpointException(
              "cannot save the checkpoint of IngestionRun "
                  + runId()
                  + " after "
                  + failures
                  + " attempts: "
                  + describe(e),
              e);
        }
        sleep(backoff(transientBackoff, failures, TRANSIENT_BACKOFF_CAP));
        continue;
      }
      int status = response.status();
      if (status >= 200 && status < 300) {
        return;
      }
      if (status == 409) {
        conflicts++;
        if (conflicts >= MAX_CONFLICT_ATTEMPTS) {
          throw failure("save the checkpoint of", response, conflicts + " conflicting updates");
        }
        LOG.log(
            System.Logger.Level.DEBUG,
            "IngestionRun {0} changed while saving its checkpoint; retrying",
            runId());
        sleep(backoff(CONFLICT_BACKOFF, conflicts, CONFLICT_BACKOFF_CAP));
        continue;
      }
      if (transientStatus(status)) {
        failures++;
        if (failures >= MAX_TRANSIENT_ATTEMPTS) {
          throw failure("save the checkpoint of", response, failures + " attempts");
        }
        sleep(backoff(transientBackoff, failures, TRANSIENT_BACKOFF_CAP));
        continue;
      }
      throw failure("save the checkpoint of", response, null);
    }
  }

  /** The run's resourceVersion and stored checkpoint, with server errors and I/O retried. */
  private Run read() {
    int failures = 0;
    while (true) {
      Response response;
      try {
        response = send(request(runUri).header("Accept", "application/json").GET().build());
      } catch (IOException e) {
        failures++;
        if (failures >= MAX_TRANSIENT_ATTEMPTS) {
          throw new CheckpointException(
              "cannot read IngestionRun "
                  + runId()
                  + " after "
                  + failures
                  + " attempts: "
                  + describe(e),
              e);
        }
        sleep(backoff(transientBackoff, failures, TRANSIENT_BACKOFF_CAP));
        continue;
      }
      int status = response.status();
      if (status == 200) {
        return parse(response.body());
      }
      if (transientStatus(status)) {
        failures++;
        if (failures < MAX_TRANSIENT_ATTEMPTS) {
          sleep(backoff(transientBackoff, failures, TRANSIENT_BACKOFF_CAP));
          continue;
        }
        throw failure("read", response, failures + " attempts");
      }
      throw failure("read", response, null);
    }
  }

  private Run parse(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode rv = root.path("metadata").path("resourceVersion");
      JsonNode node = root.path("status").path("checkpoint");
      Checkpoint checkpoint = null;
      if (node.isObject()) {
        checkpoint = JSON.treeToValue(node, Checkpoint.class);
      } else if (!node.isMissingNode() && !node.isNull()) {
        throw new CheckpointException(
            "IngestionRun " + runId() + " has a status.checkpoint that is not an object: " + node);
      }
      return new Run(
          rv.isTextual() ? rv.asText() : null, node.isObject() ? node : null, checkpoint);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(
          "cannot parse IngestionRun " + runId() + " as returned by the server: " + e.getMessage(),
          e);
    }
  }

  /**
   * A merge patch that makes {@code status.checkpoint} exactly {@code desired}: fields the stored
   * checkpoint has and the new one does not are sent as null (which a merge patch deletes).
   */
  private static String patchBody(Run run, ObjectNode desired) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("metadata").put("resourceVersion", run.resourceVersion());
    ObjectNode checkpoint = desired.deepCopy();
    if (run.checkpointNode() != null) {
      clearRemoved(run.checkpointNode(), checkpoint);
    }
    body.putObject("status").set("checkpoint", checkpoint);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new CheckpointException("cannot serialize a checkpoint: " + e.getMessage(), e);
    }
  }

  private static void clearRemoved(JsonNode stored, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> field : stored.properties()) {
      JsonNode wanted = patch.get(field.getKey());
      if (wanted == null) {
        patch.putNull(field.getKey());
      } else if (wanted.isObject() && field.getValue().isObject()) {
        clearRemoved(field.getValue(), (ObjectNode) wanted);
      }
    }
  }

  private HttpRequest.Builder request(URI uri) {
    String token;
    try {
      token = config.bearerToken().get();
    } catch (RuntimeException e) {
      // The supplier's message is about the token's file, never its content.
      throw new CheckpointException(
          "cannot read the service account token for IngestionRun " + runId() + ": " + describe(e),
          e);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    if (token != null && !token.isBlank()) {
      builder.header("Authorization", "Bearer " + token.trim());
    }
    return builder;
  }

  private Response send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckpointException(
          "interrupted while talking to the Kubernetes API about IngestionRun " + runId(), e);
    }
  }

  private CheckpointException failure(String action, Response response, String retried) {
    StringBuilder message =
        new StringBuilder("cannot ")
            .append(action)
            .append(" IngestionRun ")
            .append(runId())
            .append(": HTTP ")
            .append(response.status());
    String reason = reason(response.status());
    if (reason != null) {
      message.append(" (").append(reason).append(')');
    }
    if (retried != null) {
      message.append(" after ").append(retried);
    }
    String serverMessage = serverMessage(response.body());
    if (!serverMessage.isEmpty()) {
      message.append(": ").append(serverMessage);
    }
    return new CheckpointException(message.toString());
  }

  /** The {@code message} of a Kubernetes Status, or the start of whatever else the server said. */
  private static String serverMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.path("message").isTextual()) {
        text = node.path("message").asText();
      }
    } catch (JsonProcessingException e) {
      // not JSON: keep the text
    }
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  private static String reason(int status) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden: the service account may not get or patch this run";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      default -> status >= 500 ? "server error" : null;
    };
  }

  private static boolean transientStatus(int status) {
    return status == 429 || status >= 500;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Exponential back-off with full jitter, at least a millisecond. */
  private static Duration backoff(Duration base, int attempt, Duration cap) {
    long ceiling = base.toMillis() << Math.min(attempt - 1, 16);
    ceiling = Math.max(1, Math.min(ceiling, cap.toMillis()));
    return Duration.ofMillis(1 + ThreadLocalRandom.current().nextLong(ceiling));
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckpointException(
          "interrupted while retrying the checkpoint of IngestionRun " + runId(), e);
    }
  }

  private String runId() {
    return config.namespace() + "/" + config.runName();
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String readServiceAccountFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** An SSL context trusting the certificates of a PEM file (the cluster's CA bundle). */
  static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new CheckpointException("no certificate in " + caFile);
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new CheckpointException(
          "cannot load the cluster CA from " + caFile + ": " + e.getMessage(), e);
    }
  }

  private record Run(String resourceVersion, JsonNode checkpointNode, Checkpoint checkpoint) {}

  private record Response(int status, String body) {}
}
