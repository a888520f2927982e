package dev.lakehouse.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The README's kind path works as written: the host ports kind-config.yaml takes are not the local
 * ports of the port-forwards the README tells the user to run beside it.
 */
class KindConfigTest {
  static final Path ROOT = Path.of("..");
  static final Pattern PORT_FORWARD = Pattern.compile("port-forward \\S+ (\\d+):(\\d+)");

  @Test
  void theClustersHostPortsLeaveTheDocumentedPortForwardsFree() throws IOException {
    List<Integer> hostPorts = hostPorts();
    List<Integer> forwarded = new ArrayList<>();
    Matcher m = PORT_FORWARD.matcher(Files.readString(ROOT.resolve("README.md")));
    while (m.find()) {
      forwarded.add(Integer.parseInt(m.group(1)));
    }
    assertThat(hostPorts).isNotEmpty();
    assertThat(forwarded).as("port-forwards in the README").contains(8080, 8333);
    assertThat(hostPorts).doesNotContainAnyElementsOf(forwarded);
    assertThat(Files.readString(ROOT.resolve("README.md")))
        .contains("http://localhost:" + hostPorts.get(0));
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> hostPorts() throws IOException {
    Map<String, Object> config =
        new Yaml().load(Files.readString(ROOT.resolve("kind-config.yaml")));
    List<Integer> ports = new ArrayList<>();
    for (Map<String, Object> node : (List<Map<String, Object>>) config.get("nodes")) {
      for (Map<String, Object> mapping :
          (List<Map<String, Object>>) node.getOrDefault("extraPortMappings", List.of())) {
        ports.add((Integer) mapping.get("hostPort"));
      }
    }
    return ports;
  }
}
