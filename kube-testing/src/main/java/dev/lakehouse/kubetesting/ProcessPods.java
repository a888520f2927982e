package dev.lakehouse.kubetesting;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a pod's first container as a local process, as close to a container as a machine without a
 * runtime allows: in a mount namespace of its own ({@code unshare -m}, so root is needed) where the
 * pod's volumes (ConfigMaps, Secrets, emptyDirs), its ServiceAccount token (a real one, from the
 * TokenRequest API), its termination-message file and the image's own files are bind-mounted at the
 * paths the container sees. The environment is the container's, resolved as kubelet resolves it,
 * plus {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} of the test API server. The exit code and
 * termination message become the container's terminated status.
 *
 * <p>What it cannot give: the image's root file system (the host's is used, with the image files
 * given here on top), user ids ({@code runAsUser} is ignored), resource limits, probes.
 */
public final class ProcessPods implements PodBehaviour {
  /** Where kubelet mounts a pod's ServiceAccount credentials. */
  public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final int MAX_MESSAGE_BYTES = 4096;
  private static final int FALLBACK_LOG_LINES = 80;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final URI apiServer;
  private final String caCertificate;
  private final Map<String, Path> imageFiles;
  private final Path workDir;
  private final Path logDir;
  private final Path hostsFile;

  /**
   * @param client reads the Secrets and ConfigMaps the pod names, asks for its token
   * @param apiServer the API server the pods reach
   * @param caCertificate the CA the pods trust it by
   * @param imageFiles the image's files: container path -> host file or folder bound there
   * @param workDir where each pod's volumes are made
   * @param logDir where each pod's output goes, as {@code <namespace>_<pod>.log}
   * @param hostsFile bound at /etc/hosts when not null (see {@link LoopbackServices})
   */
  private ProcessPods(
      KubernetesClient client,
      URI apiServer,
      String caCertificate,
      Map<String, Path> imageFiles,
      Path workDir,
      Path logDir,
      Path hostsFile) {
    this.client = client;
    this.apiServer = apiServer;
    this.caCertificate = caCertificate;
    this.imageFiles = Map.copyOf(imageFiles);
    this.workDir = workDir;
    this.logDir = logDir;
    this.hostsFile = hostsFile;
  }

  /** The same pods, resolving the Services of {@code services} by their cluster DNS names. */
  public ProcessPods withServices(LoopbackServices services) {
    return new ProcessPods(
        client, apiServer, caCertificate, imageFiles, workDir, logDir, services.hostsFile());
  }

  /** The log of a pod this runner ran. */
  public Path log(String namespace, String pod) {
    return logDir.resolve(namespace + "_" + pod + ".log");
  }

  @Override
  public void run(KubeletPod kubeletPod) throws Exception {
    Pod pod = kubeletPod.pod();
    Container container = pod.getSpec().getContainers().get(0);
    Path podDir =
        Files.createDirectories(workDir.resolve(kubeletPod.namespace() + "_" + kubeletPod.name()));
    Map<String, Path> mounts = new LinkedHashMap<>();
    mounts.putAll(imageFiles);
    Map<String, Path> volumes = materialiseVolumes(pod, podDir);
    for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
      Path source = volumes.get(mount.getName());
      if (source == null) {
        throw new IllegalStateException("volume " + mount.getName() + " is not supported here");
      }
      mounts.put(mount.getMountPath(), source);
    }
    if (hostsFile != null) {
      mounts.put("/etc/hosts", hostsFile);
    }
    if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      mounts.put(SERVICE_ACCOUNT_DIR, serviceAccountDir(kubeletPod, podDir));
    }
    String messagePath =
        Optional.ofNullable(container.getTerminationMessagePath()).orElse("/dev/termination-log");
    Path message = podDir.resolve("termination-log");
    Files.writeString(message, "");
    mounts.put(messagePath, message);

    Map<String, String> env = environment(kubeletPod, container);
    List<String> command = new ArrayList<>();
    Optional.ofNullable(container.getCommand()).ifPresent(command::addAll);
    Optional.ofNullable(container.getArgs()).ifPresent(command::addAll);
    if (command.isEmpty()) {
      throw new IllegalStateException(
          "the container names no command: the image's is unknown here");
    }
    command.replaceAll(arg -> expand(arg, env));

    Path log = log(kubeletPod.namespace(), kubeletPod.name());
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(inMountNamespace(mounts, command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .directory(podDir.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(env);
    Process process = builder.start();
    kubeletPod.running();
    while (!process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (kubeletPod.stopRequested()) {
        stop(process);
        return;
      }
    }
    int code = process.exitValue();
    kubeletPod.terminated(
        code,
        code == 0 ? "Completed" : "Error",
        terminationMessage(message, log, code, container.getTerminationMessagePolicy()));
  }

  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /**
   * {@code unshare} gives the process a private mount table; the script binds each source at its
   * target (creating an empty target first, as a runtime does on the image's file system) and then
   * runs the container's command.
   */
  private static List<String> inMountNamespace(Map<String, Path> mounts, List<String> command) {
    StringBuilder script = new StringBuilder("set -e\n");
    for (var mount : inBindableOrder(mounts).entrySet()) {
      String target = quote(mount.getKey());
      String source = quote(mount.getValue().toString());
      if (Files.isDirectory(mount.getValue())) {
        script.append("mkdir -p ").append(target).append('\n');
      } else {
        script
            .append("mkdir -p \"$(dirname ")
            .append(target)
            .append(")\"; [ -e ")
            .append(target)
            .append(" ] || touch ")
            .append(target)
            .append('\n');
      }
      script.append("mount --bind ").append(source).append(' ').append(target).append('\n');
    }
    script.append("exec \"$@\"\n");
    List<String> full = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private"));
    full.addAll(List.of("sh", "-c", script.toString(), "container"));
    full.addAll(command);
    return full;
  }

  /**
   * A bind hides what was under its target, sources included: a pod's emptyDir at /tmp would hide
   * the other sources a test keeps under /tmp. So a mount goes only after every mount whose source
   * its target would hide.
   */
  static Map<String, Path> inBindableOrder(Map<String, Path> mounts) {
    Map<String, Path> remaining = new LinkedHashMap<>(mounts);
    Map<String, Path> ordered = new LinkedHashMap<>();
    while (!remaining.isEmpty()) {
      String next =
          remaining.keySet().stream()
              .filter(
                  target ->
                      remaining.entrySet().stream()
                          .noneMatch(
                              other ->
                                  !other.getKey().equals(target)
                                      && other
                                          .getValue()
                                          .toAbsolutePath()
                                          .startsWith(Path.of(target))))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException("mounts hide each other's sources: " + remaining));
      ordered.put(next, remaining.remove(next));
    }
    return ordered;
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private Map<String, Path> materialiseVolumes(Pod pod, Path podDir) throws IOException {
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume volume : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
      Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(volume.getName()));
      String ns = pod.getMetadata().getNamespace();
      if (volume.getConfigMap() != null) {
        var configMap =
            client.configMaps().inNamespace(ns).withName(volume.getConfigMap().getName()).get();
        if (configMap == null) {
          throw new IllegalStateException(
              "configmap \"" + volume.getConfigMap().getName() + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        Optional.ofNullable(configMap.getData())
            .orElse(Map.of())
            .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        Optional.ofNullable(configMap.getBinaryData())
            .orElse(Map.of())
            .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        writeKeys(dir, data, volume.getConfigMap().getItems());
      } else if (volume.getSecret() != null) {
        var secret =
            client.secrets().inNamespace(ns).withName(volume.getSecret().getSecretName()).get();
        if (secret == null) {
          throw new IllegalStateException(
              "secret \"" + volume.getSecret().getSecretName() + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData())
            .orElse(Map.of())
            .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        writeKeys(dir, data, volume.getSecret().getItems());
      } else if (volume.getEmptyDir() == null) {
        throw new IllegalStateException(
            "volume "
                + volume.getName()
                + ": only configMap, secret and emptyDir are supported here");
      }
      volumes.put(volume.getName(), dir);
    }
    return volumes;
  }

  private static void writeKeys(Path dir, Map<String, byte[]> data, List<KeyToPath> items)
      throws IOException {
    if (items == null || items.isEmpty()) {
      for (var entry : data.entrySet()) {
        Files.write(dir.resolve(entry.getKey()), entry.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        throw new IllegalStateException("key " + item.getKey() + " not found");
      }
      Path file = dir.resolve(item.getPath());
      Files.createDirectories(file.getParent());
      Files.write(file, value);
    }
  }

  /**
   * A token of the pod's ServiceAccount bound to the pod, the CA and the namespace. kube-api-test
   * turns the ServiceAccount admission plugin off, so a pod naming no account keeps an empty name
   * instead of {@code default}: its token is then not bound (the API server would refuse that).
   */
  private Path serviceAccountDir(KubeletPod kubeletPod, Path podDir) throws IOException {
    Pod pod = kubeletPod.pod();
    String named = pod.getSpec().getServiceAccountName();
    var spec = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L);
    if (named != null && !named.isEmpty()) {
      spec.withNewBoundObjectRef()
          .withApiVersion("v1")
          .withKind("Pod")
          .withName(kubeletPod.name())
          .withUid(pod.getMetadata().getUid())
          .endBoundObjectRef();
    }
    var token =
        client
            .serviceAccounts()
            .inNamespace(kubeletPod.namespace())
            .withName(named == null || named.isEmpty() ? "default" : named)
            .tokenRequest(spec.endSpec().build());
    Path dir = Files.createDirectories(podDir.resolve("serviceaccount"));
    Files.writeString(dir.resolve("token"), token.getStatus().getToken());
    Files.writeString(dir.resolve("ca.crt"), caCertificate);
    Files.writeString(dir.resolve("namespace"), kubeletPod.namespace());
    return dir;
  }

  /** A runner for pods of the given control plane, whose API server and CA the pods are given. */
  public static ProcessPods forCluster(
      ControlPlane cluster, Map<String, Path> imageFiles, Path workDir, Path logDir) {
    return new ProcessPods(
        cluster.admin(), cluster.url(), cluster.caCertificate(), imageFiles, workDir, logDir, null);
  }

  private Map<String, String> environment(KubeletPod kubeletPod, Container container) {
    Pod pod = kubeletPod.pod();
    String ns = kubeletPod.namespace();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", kubeletPod.name());
    env.put("KUBERNETES_SERVICE_HOST", apiServer.getHost());
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(apiServer.getPort()));
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(apiServer.getPort()));
    for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
      String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
      if (from.getConfigMapRef() != null) {
        var cm =
            client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
        if (cm != null && cm.getData() != null) {
          cm.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
      if (from.getSecretRef() != null) {
        var secret = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
        if (secret != null && secret.getData() != null) {
          secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
    }
    for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      env.put(var.getName(), value(var, pod, env));
    }
    return env;
  }

  private String value(EnvVar var, Pod pod, Map<String, String> env) {
    if (var.getValueFrom() == null) {
      return expand(Optional.ofNullable(var.getValue()).orElse(""), env);
    }
    String ns = pod.getMetadata().getNamespace();
    var from = var.getValueFrom();
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      var secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      String value =
          secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
      if (value == null) {
        throw new IllegalStateException(
            "CreateContainerConfigError: secret \""
                + ref.getName()
                + "\" key "
                + ref.getKey()
                + " not found");
      }
      return decode(value);
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      var cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (value == null) {
        throw new IllegalStateException(
            "CreateContainerConfigError: configmap \""
                + ref.getName()
                + "\" key "
                + ref.getKey()
                + " not found");
      }
      return value;
    }
    if (from.getFieldRef() != null) {
      return field(from.getFieldRef().getFieldPath(), pod);
    }
    throw new IllegalStateException("env " + var.getName() + ": unsupported valueFrom here");
  }

  private static String field(String path, Pod pod) {
    var meta = pod.getMetadata();
    return switch (path) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.hostIP" -> TestKubelet.POD_IP;
      default -> {
        Matcher label =
            Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (label.matches()) {
          var map = "labels".equals(label.group(1)) ? meta.getLabels() : meta.getAnnotations();
          yield map == null ? "" : map.getOrDefault(label.group(2), "");
        }
        throw new IllegalStateException("fieldRef " + path + " is not supported here");
      }
    };
  }

  /** Kubernetes' {@code $(VAR)} references in values, command and args; {@code $$} escapes. */
  static String expand(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$$", i)) {
        out.append('$');
        i += 2;
        continue;
      }
      Matcher m = REFERENCE.matcher(text).region(i, text.length());
      if (m.lookingAt() && env.containsKey(m.group(1))) {
        out.append(env.get(m.group(1)));
        i = m.end();
        continue;
      }
      out.append(text.charAt(i));
      i++;
    }
    return out.toString();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /**
   * The termination-message file (at most 4096 bytes, as kubelet reads it), or with {@code
   * FallbackToLogsOnError} and a failure that wrote none, the log's last lines.
   */
  private static String terminationMessage(Path file, Path log, int code, String policy) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > MAX_MESSAGE_BYTES) {
        bytes = java.util.Arrays.copyOfRange(bytes, bytes.length - MAX_MESSAGE_BYTES, bytes.length);
      }
      String message = new String(bytes, StandardCharsets.UTF_8);
      if (message.isBlank() && code != 0 && "FallbackToLogsOnError".equals(policy)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String tail =
            String.join(
                "\n", lines.subList(Math.max(0, lines.size() - FALLBACK_LOG_LINES), lines.size()));
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        if (tailBytes.length > MAX_MESSAGE_BYTES) {
          tail =
              new String(
                  java.util.Arrays.copyOfRange(
                      tailBytes, tailBytes.length - MAX_MESSAGE_BYTES, tailBytes.length),
                  StandardCharsets.UTF_8);
        }
        return tail;
      }
      return message;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
