package dev.lakehouse.query;

import io.trino.jdbc.TrinoStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SQL through Trino's JDBC driver as one user of one catalog. Trino enforces the timeout
 * ({@code query_max_run_time}); a watchdog cancels from the client side too, in case the server
 * stops answering. The full result streams into a local file and is uploaded once complete, so a
 * failed query never leaves a partial object behind.
 */
public final class TrinoJdbcEngine implements QueryEngine {
  /** How long after the timeout the client gives up on its own. */
  private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(30);

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "trino-query-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  /** How the driver names a query Trino failed: {@code Query failed (#20261122_...)}. */
  private static final Pattern FAILED_QUERY = Pattern.compile("Query failed \\(#([^)]+)\\)");

  private final String jdbcUrl;
  private final String user;
  private final Path tempDir;

  /**
   * @param jdbcUrl {@code jdbc:trino://host:port/catalog}
   * @param tempDir where full results are written before upload
   */
  public TrinoJdbcEngine(String jdbcUrl, String user, Path tempDir) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.tempDir = tempDir;
  }

  @Override
  public QueryResult run(QueryRequest request, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      throw new QueryFailure(QueryFailure.Kind.CANCELLED, cancellation.reason(), null, null);
    }
    AtomicReference<String> queryId = new AtomicReference<>();
    AtomicReference<String> timedOut = new AtomicReference<>();
    long started = System.nanoTime();
    try (Connection connection = connect(request);
        Statement statement = connection.createStatement()) {
      TrinoStatement trino = statement.unwrap(TrinoStatement.class);
      trino.setProgressMonitor(stats -> queryId.compareAndSet(null, stats.getQueryId()));
      statement.setQueryTimeout(timeoutSeconds(request.timeout()));
      cancellation.onCancel(() -> cancelQuietly(statement));
      ScheduledFuture<?> watchdog =
          WATCHDOG.schedule(
              () -> {
                timedOut.set("no answer from Trino");
                cancelQuietly(statement);
              },
              request.timeout().plus(WATCHDOG_GRACE).toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        return execute(statement, request, cancellation, queryId, started);
      } finally {
        watchdog.cancel(false);
      }
    } catch (SQLException e) {
      throw failure(e, request, cancellation, queryId.get(), timedOut.get());
    }
  }

  private Connection connect(QueryRequest request) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("source", "lakehouse-operator");
    if (request.schema() != null) {
      // The URL's path names catalog/schema; the schema can also come as a property.
      properties.setProperty("schema", request.schema());
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  private QueryResult execute(
      Statement statement,
      QueryRequest request,
      Cancellation cancellation,
      AtomicReference<String> queryId,
      long started)
      throws SQLException {
    if (!statement.execute(request.sql())) {
      long count = Math.max(0, statement.getLargeUpdateCount());
      return new QueryResult(
          List.of(), List.of(), count, false, queryId.get(), since(started), null);
    }
    try (ResultSet rs = statement.getResultSet()) {
      List<ResultColumn> columns = columns(rs.getMetaData());
      ResultOutput output = request.output();
      Path file = output == null ? null : tempFile(output.format());
      try {
        Rows rows = read(rs, columns, request, file, output);
        if (cancellation.isCancelled()) {
          throw new SQLException("cancelled");
        }
        QueryResult.WrittenOutput written = null;
        if (output != null) {
          long bytes = Files.size(file);
          String location = upload(output, file, queryId.get());
          written = new QueryResult.WrittenOutput(location, output.format(), bytes);
        }
        return new QueryResult(
            columns,
            rows.preview.rows(),
            rows.count,
            rows.preview.truncated(),
            queryId.get(),
            since(started),
            written);
      } catch (IOException e) {
        throw new QueryFailure(
            QueryFailure.Kind.UNAVAILABLE,
            "cannot write the result file: " + e.getMessage(),
            queryId.get(),
            e);
      } finally {
        if (file != null) {
          deleteQuietly(file);
        }
      }
    }
  }

  /** The preview and the count, with every row also written to the file. */
  private record Rows(PreviewRows preview, long count) {}

  private static Rows read(
      ResultSet rs, List<ResultColumn> columns, QueryRequest request, Path file, ResultOutput out)
      throws SQLException, IOException {
    PreviewRows preview = new PreviewRows(request.maxRows(), request.maxPreviewBytes());
    List<ColumnKind> kinds = columns.stream().map(c -> ColumnKind.of(c.type())).toList();
    int width = columns.size();
    long count = 0;
    try (ResultFile result = file == null ? null : ResultFile.create(out.format(), file, columns)) {
      while (rs.next()) {
        count++;
        if (result == null && !preview.wantsMore()) {
          preview.more();
          continue;
        }
        String[] texts = new String[width];
        for (int i = 0; i < width; i++) {
          texts[i] = ValueText.of(rs.getObject(i + 1), rs.getString(i + 1));
        }
        preview.offer(texts);
        if (result != null) {
          Object[] values = new Object[width];
          for (int i = 0; i < width; i++) {
            values[i] = kinds.get(i).read(rs, i + 1, texts[i]);
          }
          result.write(values, texts);
        }
      }
    }
    return new Rows(preview, count);
  }

  private static List<ResultColumn> columns(ResultSetMetaData meta) throws SQLException {
    List<ResultColumn> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(new ResultColumn(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
    }
    return columns;
  }

  private static String upload(ResultOutput output, Path file, String queryId) {
    try {
      return output.store().put(output.key(), file, output.format().contentType());
    } catch (RuntimeException e) {
      throw new QueryFailure(
          QueryFailure.Kind.UNAVAILABLE,
          "the query succeeded but its result could not be stored at "
              + output.key()
              + ": "
              + e.getMessage(),
          queryId,
          e);
    }
  }

  private Path tempFile(ResultFormat format) {
    try {
      Files.createDirectories(tempDir);
      return Files.createTempFile(tempDir, "result-", "." + format.extension());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a result file in " + tempDir, e);
    }
  }

  private QueryFailure failure(
      SQLException e,
      QueryRequest request,
      Cancellation cancellation,
      String monitoredId,
      String noAnswer) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    Matcher named = FAILED_QUERY.matcher(message);
    String queryId = monitoredId != null ? monitoredId : named.find() ? named.group(1) : null;
    if (cancellation.isCancelled()) {
      return new QueryFailure(QueryFailure.Kind.CANCELLED, cancellation.reason(), queryId, e);
    }
    if (noAnswer != null) {
      return new QueryFailure(
          QueryFailure.Kind.TIMED_OUT,
          "cancelled after " + request.timeout().toSeconds() + " s: " + noAnswer,
          queryId,
          e);
    }
    if (message.contains("exceeded maximum time limit")) {
      return new QueryFailure(QueryFailure.Kind.TIMED_OUT, message, queryId, e);
    }
    // Trino's own failures carry the query's id; without one the server was never reached.
    if (queryId == null) {
      return new QueryFailure(
          QueryFailure.Kind.UNAVAILABLE,
          "cannot reach Trino at " + jdbcUrl + ": " + message,
          null,
          e);
    }
    return new QueryFailure(QueryFailure.Kind.FAILED, message, queryId, e);
  }

  private static int timeoutSeconds(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static void cancelQuietly(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException | RuntimeException ignored) {
      // Closing the statement afterwards cancels too.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temp file; the folder is cleaned on restart.
    }
  }
}
