package dev.lakehouse.jobs.pod;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The file whose content Kubernetes copies into the container's termination message, which the
 * operator shows on the IngestionRun. Kubernetes keeps at most {@link #MAX_BYTES}, so the line is
 * cut to fit rather than cut by the kubelet in the middle of a character.
 */
public final class TerminationLog {
  public static final String PATH_ENV = "LAKEHOUSE_TERMINATION_LOG";
  public static final Path DEFAULT_PATH = Path.of("/dev/termination-log");
  public static final int MAX_BYTES = 4096;

  private final Path file;
  private final boolean mayCreate;

  private TerminationLog(Path file, boolean mayCreate) {
    this.file = file;
    this.mayCreate = mayCreate;
  }

  /**
   * The file named by {@link #PATH_ENV}, or Kubernetes' default path; the default is only written
   * when it exists, so a run outside a pod leaves {@code /dev} alone.
   */
  public static TerminationLog fromEnvironment(Map<String, String> env) {
    String configured = env.get(PATH_ENV);
    return configured == null || configured.isBlank()
        ? new TerminationLog(DEFAULT_PATH, false)
        : new TerminationLog(Path.of(configured.strip()), true);
  }

  public Path file() {
    return file;
  }

  /**
   * Writes {@code message} as one line with every secret replaced by "***"; returns where it was
   * written, or empty when the file is not writable here (the message is in the log regardless).
   */
  public Optional<Path> write(String message, Collection<String> secrets) {
    if (!writable()) {
      return Optional.empty();
    }
    try {
      Files.write(file, fit(oneLine(redact(message, secrets))));
      return Optional.of(file);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private boolean writable() {
    if (Files.exists(file)) {
      return Files.isWritable(file) && !Files.isDirectory(file);
    }
    Path parent = file.toAbsolutePath().getParent();
    return mayCreate && parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
  }

  /** The text with every secret replaced by "***". */
  public static String redact(String text, Collection<String> secrets) {
    String redacted = String.valueOf(text);
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        redacted = redacted.replace(secret, "***").replace(secret.strip(), "***");
      }
    }
    return redacted;
  }

  static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ").strip();
  }

  /** UTF-8 of at most MAX_BYTES bytes, never ending in part of a character. */
  static byte[] fit(String line) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer out = ByteBuffer.allocate(MAX_BYTES);
    encoder.encode(CharBuffer.wrap(line), out, true); // stops before a character that won't fit
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }
}
