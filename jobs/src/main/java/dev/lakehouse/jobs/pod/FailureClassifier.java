package dev.lakehouse.jobs.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lakehouse.api.job.JobExitCode;
import dev.lakehouse.checkpoint.CheckpointException;
import dev.lakehouse.jobs.Messages;
import dev.lakehouse.jobs.engine.RunFailure;
import dev.lakehouse.jobs.manifest.ManifestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.thrift.transport.TTransportException;

/**
 * Tells from a job's exception which retry budget its failure draws from ({@link JobExitCode}).
 * Spark and Hive wrap the failure that matters several levels deep, so the whole cause chain is
 * read: a service that failed anywhere in it wins (retrying later may work), then a configuration
 * the job cannot use, then data the Dataset's rules refused.
 */
public final class FailureClassifier {
  /** The checkpoint store's message for an API server that kept failing or throttling. */
  private static final Pattern API_SERVER_TROUBLE = Pattern.compile("HTTP (5\\d\\d|429)\\b");

  private FailureClassifier() {}

  public static JobExitCode classify(Throwable failure) {
    List<Throwable> chain = chain(failure);
    if (chain.stream().anyMatch(FailureClassifier::serviceFailed)) {
      return JobExitCode.SERVICE_UNAVAILABLE;
    }
    if (chain.stream().anyMatch(FailureClassifier::unusableConfiguration)) {
      return JobExitCode.CONFIGURATION;
    }
    if (chain.stream().anyMatch(e -> e instanceof RunFailure)) {
      return JobExitCode.DATA_REJECTED;
    }
    return JobExitCode.UNEXPECTED;
  }

  /**
   * The one line a user reads: the outermost message, with the innermost cause when it adds
   * something (a connection refused under Spark's "job aborted").
   */
  public static String message(Throwable failure) {
    String outer = describe(failure);
    List<Throwable> chain = chain(failure);
    Throwable root = chain.get(chain.size() - 1);
    if (root == failure || root.getMessage() == null) {
      return outer;
    }
    String rootLine = Messages.rootCauseLine(failure);
    return outer.contains(rootLine)
        ? outer
        : outer + " (caused by " + root.getClass().getSimpleName() + ": " + rootLine + ")";
  }

  private static String describe(Throwable e) {
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return e.getClass().getSimpleName();
    }
    boolean ours =
        e instanceof RunFailure
            || e instanceof JobConfigException
            || e instanceof ManifestException;
    return ours
        ? Messages.firstLine(e)
        : e.getClass().getSimpleName() + ": " + Messages.firstLine(e);
  }

  private static boolean serviceFailed(Throwable e) {
    if (e instanceof JsonProcessingException) {
      return false; // an IOException by inheritance, but a parse error, not a failed service
    }
    if (e instanceof IOException || e instanceof TTransportException) {
      return true;
    }
    if (e instanceof MetaException) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      return message.contains("connect");
    }
    return e instanceof CheckpointException
        && e.getMessage() != null
        && API_SERVER_TROUBLE.matcher(e.getMessage()).find();
  }

  private static boolean unusableConfiguration(Throwable e) {
    return e instanceof JobConfigException
        || e instanceof ManifestException
        || e instanceof IllegalArgumentException
        || e instanceof AnalysisException
        || e instanceof ParseException;
  }

  /** The exception and its causes, outermost first, stopping at a cycle. */
  static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable e = failure; e != null && seen.add(e); e = e.getCause()) {
      chain.add(e);
    }
    return chain;
  }
}
