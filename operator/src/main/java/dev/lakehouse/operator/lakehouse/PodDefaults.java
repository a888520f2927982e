package dev.lakehouse.operator.lakehouse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Optional;

/** Security and resource defaults every pod of a lakehouse shares. */
public final class PodDefaults {
  private PodDefaults() {}

  /** Non-root, with the group owning mounted volumes, under the runtime's seccomp profile. */
  public static PodSecurityContext podSecurity(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .build();
  }

  public static ResourceRequirements resources(
      ResourceRequirements requested, String cpu, String memoryRequest, String memoryLimit) {
    return Optional.ofNullable(requested)
        .orElseGet(
            () ->
                new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity(cpu))
                    .addToRequests("memory", new Quantity(memoryRequest))
                    .addToLimits("memory", new Quantity(memoryLimit))
                    .build());
  }

  /** The memory limit (or request) of a container, in bytes. */
  public static long memoryBytes(ResourceRequirements resources) {
    Quantity memory =
        Optional.ofNullable(resources.getLimits())
            .map(l -> l.get("memory"))
            .or(() -> Optional.ofNullable(resources.getRequests()).map(r -> r.get("memory")))
            .orElseThrow(() -> new IllegalArgumentException("no memory limit or request"));
    return Quantity.getAmountInBytes(memory).longValue();
  }

  public static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  public static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }

  /** A writable /tmp, since the root file system is read-only. */
  public static Container withTmp(Container container) {
    container.getVolumeMounts().add(mount("tmp", "/tmp"));
    return container;
  }
}
