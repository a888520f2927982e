package dev.lakehouse.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the files of a Trino node's etc folder: config.properties, node.properties, jvm.config,
 * log.properties, the file-based access control and the Delta Lake catalog. Keys are paths relative
 * to the etc folder. Secrets appear as Trino {@code ${ENV:NAME}} references.
 */
public final class TrinoConfigRenderer {
  public static final String CONFIG = "config.properties";
  public static final String NODE = "node.properties";
  public static final String JVM = "jvm.config";
  public static final String LOG = "log.properties";
  public static final String ACCESS_CONTROL = "access-control.properties";
  public static final String RULES = "rules.json";

  private TrinoConfigRenderer() {}

  public static Map<String, String> render(TrinoSettings s) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(CONFIG, properties(config(s)));
    files.put(NODE, properties(node(s)));
    files.put(JVM, String.join("\n", jvm(s)) + "\n");
    files.put(LOG, "io.trino=INFO\n");
    files.put(ACCESS_CONTROL, properties(accessControl(s)));
    files.put(RULES, rules(s));
    files.put(catalogPath(s.catalogName()), properties(deltaCatalog(s)));
    return files;
  }

  public static String catalogPath(String catalogName) {
    return "catalog/" + catalogName + ".properties";
  }

  static Map<String, String> config(TrinoSettings s) {
    Map<String, String> p = new LinkedHashMap<>();
    boolean coordinator = s.role() == TrinoRole.COORDINATOR;
    p.put("coordinator", Boolean.toString(coordinator));
    if (coordinator) {
      // Without workers the coordinator has to run the tasks itself.
      p.put("node-scheduler.include-coordinator", Boolean.toString(s.workers() == 0));
    }
    p.put("http-server.http.port", Integer.toString(s.httpPort()));
    p.put("discovery.uri", s.discoveryUri());
    long perNode = s.memory().queryMaxMemoryPerNodeMebibytes();
    p.put("query.max-memory-per-node", perNode + "MB");
    p.put("query.max-memory", perNode * Math.max(1, s.workers()) + "MB");
    if (!coordinator) {
      p.put("shutdown.grace-period", s.shutdownGracePeriodSeconds() + "s");
    }
    if (s.sharedSecretEnv() != null) {
      p.put("internal-communication.shared-secret", "${ENV:" + s.sharedSecretEnv() + "}");
    }
    p.putAll(s.additionalConfig());
    return p;
  }

  static Map<String, String> node(TrinoSettings s) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("node.environment", s.environment());
    if (s.dataDir() != null) {
      p.put("node.data-dir", s.dataDir());
    }
    return p;
  }

  static List<String> jvm(TrinoSettings s) {
    long heap = s.memory().heapMebibytes();
    return List.of(
        "-server",
        "-Xms" + heap + "M",
        "-Xmx" + heap + "M",
        "-XX:G1HeapRegionSize=32M",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-XX:ReservedCodeCacheSize=" + s.memory().codeCacheMebibytes() + "M",
        "-XX:PerMethodRecompilationCutoff=10000",
        "-XX:PerBytecodeRecompilationCutoff=10000",
        "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true",
        "-Djdk.nio.maxCachedBufferSize=2000000",
        "-Dfile.encoding=UTF-8",
        // Java 24+ warns on every start without these (Trino 476 needs 24+).
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow");
  }

  static Map<String, String> accessControl(TrinoSettings s) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("access-control.name", "file");
    p.put("security.config-file", s.etcDir() + "/" + RULES);
    return p;
  }

  /**
   * The read-only user may only read the lakehouse catalog and call no procedure; the admin user
   * may also change the node state, which graceful worker shutdown needs. Everyone else keeps full
   * access, procedures included (without a procedures section Trino allows only built-in ones, so
   * not even the admin could call register_table or vacuum).
   */
  static String rules(TrinoSettings s) {
    return """
        {
          "catalogs": [
            {"user": "%1$s", "catalog": "%3$s", "allow": "read-only"},
            {"user": "%1$s", "catalog": "system", "allow": "read-only"},
            {"user": "%1$s", "allow": "none"},
            {"allow": "all"}
          ],
          "system_information": [
            {"user": "%2$s", "allow": ["read", "write"]},
            {"allow": ["read"]}
          ],
          "procedures": [
            {"user": "%1$s", "privileges": []},
            {"privileges": ["EXECUTE", "GRANT_EXECUTE"]}
          ]
        }
        """
        .formatted(
            jsonString(s.readOnlyUser()), jsonString(s.adminUser()), jsonString(s.catalogName()));
  }

  static Map<String, String> deltaCatalog(TrinoSettings s) {
    S3Settings s3 = s.s3();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("connector.name", "delta_lake");
    p.put("hive.metastore.uri", s.metastoreUri());
    p.put("fs.native-s3.enabled", "true");
    p.put("s3.endpoint", s3.endpoint());
    p.put("s3.region", s3.region());
    p.put("s3.path-style-access", Boolean.toString(s3.pathStyleAccess()));
    p.put("s3.aws-access-key", "${ENV:" + s3.accessKeyEnv() + "}");
    p.put("s3.aws-secret-key", "${ENV:" + s3.secretKeyEnv() + "}");
    // Trino is not the only writer (Spark is): refuse nothing Spark wrote, write safely itself.
    p.put("delta.enable-non-concurrent-writes", "true");
    p.put("delta.register-table-procedure.enabled", "true");
    return p;
  }

  static String properties(Map<String, String> values) {
    return values.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static String jsonString(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
