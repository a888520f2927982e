package dev.lakehouse.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.run.IngestionRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's RBAC grants exactly what the operator uses. What it uses is not a list copied by
 * hand: the operator runs through {@link OperatorScenario} on the real API server, as the chart's
 * ServiceAccount under the chart's RBAC (so a call it does not grant fails there), and every
 * request it makes is read from the server's audit log, plus the two permissions Kubernetes checks
 * without a request of their own: the rules of each Role it creates (RBAC only lets it grant what
 * it holds) and {@code update} on the {@code finalizers} of each owner its objects block the
 * deletion of.
 */
class RbacIT {
  private static final Map<String, Class<? extends HasMetadata>> OWNER_KINDS =
      Map.of(
          "Lakehouse", Lakehouse.class,
          "Dataset", Dataset.class,
          "IngestionRun", IngestionRun.class,
          "Query", Query.class);

  /** Any authenticated user may ask what it may do (system:basic-user); JOSDK asks once. */
  private static final ApiCall RULES_REVIEW =
      new ApiCall("create", "authorization.k8s.io", "selfsubjectrulesreviews", null);

  private static final Permission LEASE_UPDATE =
      new Permission("coordination.k8s.io", "leases", "update");

  static OperatorScenario.Observed observed;
  @TempDir static Path results;

  @BeforeAll
  static void runTheOperator() {
    observed = OperatorScenario.run(results);
  }

  /** Everything the operator needs in the namespaces it watches. */
  static Set<Permission> required() {
    Set<Permission> required = new TreeSet<>();
    observed.calls().stream()
        .filter(c -> observed.namespace().equals(c.namespace()))
        .map(ApiCall::permission)
        .forEach(required::add);
    observed.createdRoles().stream()
        .flatMap(r -> r.getRules().stream())
        .flatMap(r -> Permission.grantedBy(r).stream())
        .forEach(required::add);
    observed.ownerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getBlockOwnerDeletion()))
        .map(o -> finalizersOf(o.getKind()))
        .forEach(required::add);
    return required;
  }

  @Test
  void theOperatorStaysInTheNamespacesItWatchesAndItsOwn() {
    assertThat(observed.calls())
        .filteredOn(c -> !c.equals(RULES_REVIEW))
        .allSatisfy(
            c -> assertThat(c.namespace()).isIn(observed.namespace(), RenderedChart.NAMESPACE));
    assertThat(observed.calls()).contains(RULES_REVIEW);
  }

  @Test
  void theLeaseRoleGrantsExactlyWhatLeaderElectionUses() {
    Set<Permission> used =
        observed.calls().stream()
            .filter(c -> RenderedChart.NAMESPACE.equals(c.namespace()))
            .map(ApiCall::permission)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(used).isNotEmpty();
    // Leases are renewed by PATCH, but JOSDK refuses to start without update (see below).
    used.add(LEASE_UPDATE);
    for (var chart :
        List.of(
            RenderedChart.withDefaults(),
            RenderedChart.with(Map.of("watchNamespaces[0]", observed.namespace())))) {
      assertThat(Permission.granted(leaderElectionRole(chart).getRules()))
          .containsExactlyElementsOf(used);
    }
    assertThat(RenderedChart.with(Map.of("leaderElection.enabled", false)).all(Role.class))
        .isEmpty();
  }

  @Test
  void leaderElectionDoesNotStartWithoutUpdateOnLeases() {
    List<PolicyRule> withoutUpdate =
        leaderElectionRole(RenderedChart.withDefaults()).getRules().stream()
            .map(
                r ->
                    new PolicyRuleBuilder(r)
                        .withVerbs(r.getVerbs().stream().filter(v -> !v.equals("update")).toList())
                        .build())
            .toList();
    assertThatThrownBy(() -> OperatorScenario.start(withoutUpdate, results))
        .rootCause()
        .hasMessageContaining("missing required verbs: [update]");
  }

  private static Role leaderElectionRole(RenderedChart chart) {
    return roleIn(chart, RenderedChart.NAMESPACE);
  }

  @Test
  void aWatchedNamespaceGetsARoleWithExactlyWhatTheOperatorUses() {
    var chart = RenderedChart.with(Map.of("watchNamespaces[0]", observed.namespace()));
    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();

    Role role = roleIn(chart, observed.namespace());
    assertThat(Permission.granted(role.getRules())).containsExactlyElementsOf(required());
    RoleBinding binding = bindingIn(chart, observed.namespace());
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertBindsTheOperator(binding.getSubjects(), chart);
  }

  @Test
  void clusterWideTheSameRulesComeAsAClusterRole() {
    var chart = RenderedChart.withDefaults();
    ClusterRole role = chart.one(ClusterRole.class);
    assertThat(Permission.granted(role.getRules())).containsExactlyElementsOf(required());
    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertBindsTheOperator(binding.getSubjects(), chart);
    assertThat(chart.all(Role.class))
        .allSatisfy(
            r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE));
  }

  @Test
  void noRuleUsesWildcardsOrNamesResourcesItDoesNotNeed() {
    for (var chart :
        List.of(
            RenderedChart.withDefaults(),
            RenderedChart.with(Map.of("watchNamespaces[0]", "data")))) {
      Stream.concat(
              chart.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
              chart.all(Role.class).stream().flatMap(r -> r.getRules().stream()))
          .forEach(
              rule -> {
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getResources()).doesNotContain("*");
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isEmpty();
              });
    }
  }

  private static Permission finalizersOf(String kind) {
    Class<? extends HasMetadata> type = OWNER_KINDS.get(kind);
    if (type == null) {
      throw new AssertionError("the operator made an object owned by a " + kind + ": map it here");
    }
    return new Permission(
        HasMetadata.getGroup(type), HasMetadata.getPlural(type) + "/finalizers", "update");
  }

  private static Role roleIn(RenderedChart chart, String namespace) {
    List<Role> roles =
        chart.all(Role.class).stream()
            .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
            .toList();
    assertThat(roles).as("Roles in %s", namespace).hasSize(1);
    return roles.get(0);
  }

  private static RoleBinding bindingIn(RenderedChart chart, String namespace) {
    List<RoleBinding> bindings =
        chart.all(RoleBinding.class).stream()
            .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
            .toList();
    assertThat(bindings).as("RoleBindings in %s", namespace).hasSize(1);
    return bindings.get(0);
  }

  private static void assertBindsTheOperator(List<Subject> subjects, RenderedChart chart) {
    var account = chart.one(io.fabric8.kubernetes.api.model.ServiceAccount.class);
    assertThat(subjects)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            });
    assertThat(
            chart
                .one(io.fabric8.kubernetes.api.model.apps.Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
    assertThat(Objects.requireNonNull(account.getMetadata().getNamespace()))
        .isEqualTo(RenderedChart.NAMESPACE);
  }
}
