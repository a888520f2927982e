package dev.lakehouse.operator.monitoring;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this replica knows of the leader lease: whether it leads, who does, and whether it lost the
 * lease. Without leader election the replica always leads. fabric8's leader elector calls {@link
 * #callbacks()} through JOSDK.
 */
public final class Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final boolean elected;
  private final Runnable onLost;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile boolean leading;
  private volatile String leader;
  private volatile boolean releasing;

  private Leadership(boolean elected, Runnable onLost) {
    this.elected = elected;
    this.onLost = onLost;
  }

  /** The only replica: it leads from the start. */
  public static Leadership single() {
    return new Leadership(false, () -> {});
  }

  /**
   * One of several replicas competing for a lease.
   *
   * @param onLost what to do when the lease is lost while this replica still reconciles: JOSDK
   *     cannot hand the work back, so the process must end before another replica leads
   */
  public static Leadership elected(Runnable onLost) {
    return new Leadership(true, onLost);
  }

  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader);
  }

  /** A deliberate stop follows: its end of leadership is not a lost lease. */
  public void releasing() {
    releasing = true;
  }

  public boolean isElected() {
    return elected;
  }

  /** Whether this replica reconciles (or would, once started). */
  public boolean leads() {
    return !elected || leading;
  }

  /** A replica waiting for the lease another replica holds (or nobody holds yet). */
  public boolean standsBy() {
    return elected && !leading && !lost.get();
  }

  public boolean lost() {
    return lost.get();
  }

  /** The lease holder's identity, once the elector has read the lease. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }

  private void startedLeading() {
    leading = true;
    LOG.info("leading: this replica holds the leader lease and reconciles");
  }

  private void newLeader(String identity) {
    leader = identity;
  }

  private void stoppedLeading() {
    leading = false;
    if (releasing || !lost.compareAndSet(false, true)) {
      return;
    }
    LOG.error("lost the leader lease: stopping, so that two replicas never reconcile at once");
    onLost.run();
  }
}
