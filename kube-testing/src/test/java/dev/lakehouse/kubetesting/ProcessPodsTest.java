package dev.lakehouse.kubetesting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessPodsTest {
  @Test
  void aMountThatWouldHideAnotherMountsSourceGoesAfterIt() {
    Map<String, Path> mounts = new LinkedHashMap<>();
    mounts.put("/opt/lakehouse", Path.of("/work/jobs/target/image"));
    mounts.put("/tmp", Path.of("/tmp/test-1/pods/p/volumes/tmp"));
    mounts.put("/etc/hosts", Path.of("/tmp/test-1/hosts"));
    mounts.put("/dev/termination-log", Path.of("/tmp/test-1/pods/p/termination-log"));

    assertThat(ProcessPods.inBindableOrder(mounts).keySet())
        .containsExactly("/opt/lakehouse", "/etc/hosts", "/dev/termination-log", "/tmp");
  }

  @Test
  void mountsThatHideNothingKeepTheirOrder() {
    Map<String, Path> mounts = new LinkedHashMap<>();
    mounts.put("/etc/job", Path.of("/var/pods/p/volumes/job"));
    mounts.put("/tmp", Path.of("/var/pods/p/volumes/tmp"));
    assertThat(ProcessPods.inBindableOrder(mounts).keySet()).containsExactly("/etc/job", "/tmp");
  }
}
