package dev.lakehouse.operator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.operator.testing.OperatorRequests;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays an operator process that dies right after one of its writes landed: armed with {@code n}
 * and a kind of write, it trips once the n-th such write from then on was answered, and from then
 * on no request of the client reaches the server (each fails before it is sent), until the instance
 * is stopped.
 */
final class CrashSwitch implements Interceptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUN_STATUS = Pattern.compile(".*/ingestionruns/([^/]+)/status$");

  /** The writes a crash can follow. */
  enum Writes {
    /** An IngestionRun's status, or an object created for one (Events aside). */
    ABOUT_RUNS,
    /** The status write that starts an attempt: the window before the attempt's Job exists. */
    ATTEMPT_STARTS
  }

  /** What the client throws for every request once the process is "dead". */
  static final class CrashedException extends IllegalStateException {
    CrashedException(String request) {
      super("the operator process crashed (injected by the test); not sent: " + request);
    }
  }

  private final AttemptLedger attempts;
  private final AtomicInteger writesLeft = new AtomicInteger();
  private volatile Writes counted = Writes.ABOUT_RUNS;
  private volatile String trippedBy;
  private volatile String jobOfTrippingWrite;

  CrashSwitch(AttemptLedger attempts) {
    this.attempts = attempts;
  }

  void armAfterWrites(int writes, Writes kind) {
    counted = kind;
    writesLeft.set(writes);
  }

  boolean tripped() {
    return trippedBy != null;
  }

  /** The last write that landed before the crash, e.g. {@code PUT ingestionruns/r1/status}. */
  String trippedBy() {
    return trippedBy;
  }

  /** For a crash after a status write, the Job its status names, or null. */
  String jobOfTrippingWrite() {
    return jobOfTrippingWrite;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (trippedBy != null) {
      throw new CrashedException(request.method() + " " + request.uri().getRawPath());
    }
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    if (response == null || response.code() < 200 || response.code() >= 300) {
      return;
    }
    String path = request.uri().getRawPath();
    Matcher runStatus = RUN_STATUS.matcher(path);
    boolean statusWrite = "PUT".equals(request.method()) && runStatus.matches();
    JsonNode status = statusWrite ? body(request).path("status") : null;
    boolean startsAttempt =
        statusWrite
            && status.path("attempts").isInt()
            && attempts.record(runStatus.group(1), status.path("attempts").asInt());
    boolean counts =
        switch (counted) {
          case ABOUT_RUNS ->
              runStatus.matches() || ("POST".equals(request.method()) && !path.endsWith("/events"));
          case ATTEMPT_STARTS -> startsAttempt;
        };
    if (trippedBy == null
        && OperatorRequests.WRITES.contains(request.method())
        && counts
        && writesLeft.get() > 0
        && writesLeft.decrementAndGet() == 0) {
      jobOfTrippingWrite = status == null ? null : status.path("jobName").asText(null);
      trippedBy = describe(request);
    }
  }

  /** The method, the resource path after the namespace and, for a create, the object's name. */
  static String describe(HttpRequest request) {
    String path = request.uri().getRawPath().replaceFirst("^.*/namespaces/[^/]+/", "");
    String name = "";
    if ("POST".equals(request.method())) {
      name = " " + body(request).path("metadata").path("name").asText();
    }
    return request.method() + " " + path + name;
  }

  private static JsonNode body(HttpRequest request) {
    try {
      return JSON.readTree(Objects.toString(OperatorRequests.bodyOf(request), "{}"));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
