package dev.lakehouse.kubetesting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server's own audit log: every request any client made, with its verb, URI, user,
 * User-Agent and answer, as the server saw it. A watch is one entry when it starts (a real server
 * closes watches and clients reopen them, so each reopening counts); every other request one entry
 * when its answer is complete.
 */
public final class AuditLog {
  /** Metadata of every request, nothing of their bodies; not the stage before it is handled. */
  static final String POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
        - level: Metadata
      """;

  /**
   * One request: {@code method} as HTTP names it, {@code path} with its query; {@code resource},
   * {@code namespace} and {@code name} the object it was about as the server resolved it (a create
   * names the object it made), empty where there was none.
   */
  public record Request(
      String verb,
      String method,
      String path,
      String resource,
      String namespace,
      String name,
      String user,
      String userAgent,
      int code) {
    public boolean isWrite() {
      return !method.equals("GET");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private long offset;

  AuditLog(Path file) {
    this.file = file;
  }

  static List<String> flags(Path dir) throws IOException {
    Path policy = dir.resolve("audit-policy.yaml");
    Files.writeString(policy, POLICY);
    return List.of(
        "--audit-policy-file=" + policy,
        "--audit-log-path=" + dir.resolve("audit.log"),
        "--audit-log-format=json",
        "--audit-log-mode=blocking",
        "--audit-log-maxsize=0");
  }

  /** The requests logged since the last drain, oldest first. */
  public synchronized List<Request> drain() {
    List<Request> requests = new ArrayList<>();
    if (!Files.exists(file)) {
      return requests;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(offset);
      byte[] rest = new byte[(int) (in.length() - offset)];
      in.readFully(rest);
      String text = new String(rest, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return requests;
      }
      offset += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
      for (String line : text.substring(0, end).split("\n")) {
        if (!line.isBlank()) {
          request(JSON.readTree(line), requests);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }

  private static void request(JsonNode event, List<Request> into) {
    String verb = event.path("verb").asText();
    String stage = event.path("stage").asText();
    boolean counted =
        verb.equals("watch") ? stage.equals("ResponseStarted") : stage.equals("ResponseComplete");
    if (!counted) {
      return;
    }
    into.add(
        new Request(
            verb,
            method(verb),
            event.path("requestURI").asText(),
            event.path("objectRef").path("resource").asText(),
            event.path("objectRef").path("namespace").asText(),
            event.path("objectRef").path("name").asText(),
            event.path("user").path("username").asText(),
            event.path("userAgent").asText(),
            event.path("responseStatus").path("code").asInt()));
  }

  private static String method(String verb) {
    return switch (verb) {
      case "create" -> "POST";
      case "update" -> "PUT";
      case "patch" -> "PATCH";
      case "delete", "deletecollection" -> "DELETE";
      default -> "GET";
    };
  }
}
