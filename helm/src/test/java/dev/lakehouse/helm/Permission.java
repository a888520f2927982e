package dev.lakehouse.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One verb on one resource of one API group: the unit an RBAC rule grants. */
record Permission(String group, String resource, String verb) implements Comparable<Permission> {
  private static final Comparator<Permission> ORDER =
      Comparator.comparing(Permission::group)
          .thenComparing(Permission::resource)
          .thenComparing(Permission::verb);

  /** Every permission a rule grants; resource names are ignored (they only narrow a rule). */
  static Set<Permission> grantedBy(PolicyRule rule) {
    Set<Permission> granted = new LinkedHashSet<>();
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          granted.add(new Permission(group, resource, verb));
        }
      }
    }
    return granted;
  }

  /** Every permission some rule grants, in order. */
  static Set<Permission> granted(Collection<PolicyRule> rules) {
    return rules.stream()
        .flatMap(r -> grantedBy(r).stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public int compareTo(Permission other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
  }
}
