package dev.lakehouse.operator.bench;

import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The operator alone in a JVM of its own, pointed at the test's mock API server, so that its heap
 * is measured without the server's objects beside it. Arguments: the server's URL, the namespaces
 * (comma-separated), a User-Agent. It answers on stdout, on lines that start with {@link #REPLY}:
 * its metrics port once started, and the heap after full collections when stdin says {@code heap};
 * {@code stop} or the end of stdin stops it.
 */
public final class OperatorProcessMain {
  static final String REPLY = "operator-process: ";

  private OperatorProcessMain() {}

  public static void main(String[] args) throws Exception {
    // The test control plane's admin kubeconfig, acting as the chart's ServiceAccount.
    Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
    config.setUserAgent(args[2]);
    config.setImpersonateUsername("system:serviceaccount:" + args[3] + ":" + args[4]);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + args[3], "system:authenticated");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var operator =
          new LakehouseOperator(client, OperatorSettings.defaults(), Set.of(args[1].split(",")));
      operator.start();
      reply("started " + operator.httpPort());
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String command;
      while ((command = in.readLine()) != null && !command.equals("stop")) {
        if (command.equals("heap")) {
          HeapAfterGc heap = HeapAfterGc.measure();
          reply("heap " + heap.usedBytes() + " " + heap.fullCollections());
        }
      }
      operator.stop();
    }
    System.exit(0);
  }

  private static void reply(String line) {
    System.out.println(REPLY + line);
    System.out.flush();
  }
}
