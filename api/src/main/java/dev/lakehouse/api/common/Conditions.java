package dev.lakehouse.api.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sets standard conditions on a status list; keeps {@code lastTransitionTime} unless the status
 * flips, so an unchanged condition never causes a write.
 */
public final class Conditions {
  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /**
   * Returns a new list with the condition set. The caller's list is not modified, so the cached
   * status stays comparable with the new one.
   */
  public static List<Condition> set(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Long observedGeneration,
      Clock clock) {
    List<Condition> result = new ArrayList<>(conditions == null ? List.of() : conditions);
    String statusText = status ? "True" : "False";
    Optional<Condition> existing = find(result, type);
    String transition =
        existing
            .filter(c -> statusText.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusText)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(observedGeneration)
            .withLastTransitionTime(transition)
            .build();
    if (existing.isPresent()) {
      if (sameContent(existing.get(), updated)) {
        return result;
      }
      result.set(result.indexOf(existing.get()), updated);
    } else {
      result.add(updated);
    }
    return result;
  }

  private static boolean sameContent(Condition a, Condition b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getReason(), b.getReason())
        && Objects.equals(a.getMessage(), b.getMessage())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
  }
}
