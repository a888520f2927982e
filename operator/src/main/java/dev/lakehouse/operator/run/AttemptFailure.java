package dev.lakehouse.operator.run;

import dev.lakehouse.api.run.FailureClass;

/**
 * Why one attempt of a run failed: the retry budget it draws from, a CamelCase reason and a
 * sentence.
 */
public record AttemptFailure(FailureClass failureClass, String reason, String message) {
  static AttemptFailure infrastructure(String reason, String message) {
    return new AttemptFailure(FailureClass.Infrastructure, reason, message);
  }

  static AttemptFailure application(String reason, String message) {
    return new AttemptFailure(FailureClass.Application, reason, message);
  }
}
