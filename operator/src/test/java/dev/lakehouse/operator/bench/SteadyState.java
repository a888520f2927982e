package dev.lakehouse.operator.bench;

import java.time.Duration;

/**
 * One steady-state window: how long the operator took to stop writing before it began (or that it
 * did not), the requests it made during the window and the reconciles that ran in it.
 */
record SteadyState(
    String state,
    Duration settled,
    boolean quiet,
    RequestTally requests,
    ReconcileDurations reconciles) {}
