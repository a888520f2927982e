package dev.lakehouse.helm;

import dev.lakehouse.operator.testing.ChartRbac;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The chart's leader-election Role on the real API server, its rules replaced for a while and put
 * back on close.
 */
final class LeaseRole implements AutoCloseable {
  private final KubernetesClient admin;
  private final Role original;

  private LeaseRole(KubernetesClient admin, Role original) {
    this.admin = admin;
    this.original = original;
  }

  static LeaseRole replacedWith(KubernetesClient admin, List<PolicyRule> rules) {
    Role original = find(admin);
    apply(admin, new RoleBuilder(original).withRules(rules).build());
    return new LeaseRole(admin, original);
  }

  /** The chart's Role that grants Leases in the release namespace. */
  static Role find(KubernetesClient admin) {
    return admin.rbac().roles().inNamespace(ChartRbac.NAMESPACE).list().getItems().stream()
        .filter(r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("leases")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart applied no Lease Role"));
  }

  @Override
  public void close() {
    apply(admin, original);
  }

  private static void apply(KubernetesClient admin, Role role) {
    Role applied =
        new RoleBuilder(role)
            .editMetadata()
            .withResourceVersion(null)
            .withManagedFields((List<ManagedFieldsEntry>) null)
            .withUid(null)
            .withCreationTimestamp(null)
            .endMetadata()
            .build();
    admin.resource(applied).forceConflicts().serverSideApply();
  }
}
