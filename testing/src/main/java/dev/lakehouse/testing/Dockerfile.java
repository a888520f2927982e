package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile its tests check: the instructions (continuation lines joined, comments
 * dropped), the base images of its {@code FROM}s and what {@code COPY}/{@code ADD} take from the
 * build context. Variables are not expanded: a {@code FROM $BASE} is reported as it is written, and
 * {@link Image#pinned()} refuses it.
 */
public final class Dockerfile {
  private static final Pattern ESCAPE_DIRECTIVE =
      Pattern.compile("^#\\s*escape\\s*=\\s*([\\\\`])\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*[A-Za-z]+\\s*=.*$");
  private static final Pattern JSON_STRING =
      Pattern.compile("\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(?:,|$)");
  private static final Pattern HEREDOC = Pattern.compile("<<-?[\"']?[A-Za-z_]");

  /** One instruction; {@code line} is where it starts (1-based). */
  public record Instruction(int line, String keyword, String arguments) {}

  /** An image reference: {@code name[:tag][@digest]}. */
  public record Image(String reference, String name, String tag, String digest) {
    public static Image parse(String reference) {
      String rest = reference;
      String digest = null;
      int at = rest.indexOf('@');
      if (at >= 0) {
        digest = rest.substring(at + 1);
        rest = rest.substring(0, at);
      }
      String tag = null;
      int colon = rest.lastIndexOf(':');
      // A colon before the last slash belongs to a registry's port (localhost:5000/image).
      if (colon > rest.lastIndexOf('/')) {
        tag = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
      }
      return new Image(reference, rest, tag, digest);
    }

    /**
     * A fixed tag other than {@code latest}, or a digest: the same build gets the same base. An
     * unexpanded variable cannot be checked and counts as not pinned.
     */
    public boolean pinned() {
      if (reference.contains("$") || "latest".equals(tag)) {
        return false;
      }
      return (tag != null && !tag.isEmpty()) || (digest != null && !digest.isEmpty());
    }
  }

  /**
   * A {@code COPY} or {@code ADD}: its flags as written ({@code --chown=185:185}), sources and
   * destination. {@link #from()} is the stage or image of {@code --from}, empty for the build
   * context.
   */
  public record Copy(
      int line, String keyword, List<String> flags, List<String> sources, String destination) {
    public Optional<String> from() {
      return flag("from");
    }

    public Optional<String> flag(String name) {
      for (String flag : flags) {
        if (flag.equals("--" + name)) {
          return Optional.of("");
        }
        if (flag.startsWith("--" + name + "=")) {
          return Optional.of(flag.substring(name.length() + 3));
        }
      }
      return Optional.empty();
    }

    /** Sources read from the build context: none with --from, and no URL of an ADD. */
    public List<String> contextSources() {
      if (from().isPresent()) {
        return List.of();
      }
      return sources.stream().filter(s -> !s.matches("(?i)^(https?|git)://.*|^git@.*")).toList();
    }
  }

  private final List<Instruction> instructions;

  private Dockerfile(List<Instruction> instructions) {
    this.instructions = List.copyOf(instructions);
  }

  public static Dockerfile read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Dockerfile parse(String text) {
    String[] lines = text.split("\r?\n", -1);
    char escape = '\\';
    int first = 0;
    // Parser directives: only at the very top, before any comment, blank line or instruction.
    while (first < lines.length && DIRECTIVE.matcher(lines[first].strip()).matches()) {
      Matcher m = ESCAPE_DIRECTIVE.matcher(lines[first].strip());
      if (m.matches()) {
        escape = m.group(1).charAt(0);
      }
      first++;
    }
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = null;
    int start = 0;
    for (int i = first; i < lines.length; i++) {
      String line = lines[i];
      String stripped = line.strip();
      // Comment and blank lines are dropped, inside a continued instruction too.
      if (stripped.startsWith("#") || stripped.isEmpty()) {
        continue;
      }
      if (current == null) {
        current = new StringBuilder();
        start = i + 1;
      } else {
        current.append(' ');
      }
      String content = line.stripTrailing();
      if (!content.isEmpty() && content.charAt(content.length() - 1) == escape) {
        current.append(content, 0, content.length() - 1);
        continue;
      }
      current.append(content);
      instructions.add(instruction(start, current.toString().strip()));
      current = null;
    }
    if (current != null) {
      throw new IllegalArgumentException(
          "line " + start + ": the last instruction ends with a line continuation");
    }
    return new Dockerfile(instructions);
  }

  private static Instruction instruction(int line, String text) {
    String[] parts = text.split("\\s+", 2);
    var instruction =
        new Instruction(
            line, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
    // A heredoc's body would have been read as instructions: refuse rather than misread it.
    if (List.of("RUN", "COPY", "ADD").contains(instruction.keyword())
        && HEREDOC.matcher(instruction.arguments()).find()) {
      throw new IllegalArgumentException("line " + line + ": heredocs are not supported");
    }
    return instruction;
  }

  public List<Instruction> instructions() {
    return instructions;
  }

  public List<Instruction> instructions(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword.toUpperCase(Locale.ROOT)))
        .toList();
  }

  /**
   * The images the {@code FROM}s start from, in order; a {@code FROM} naming an earlier stage (or
   * {@code scratch}) starts from no image and is left out.
   */
  public List<Image> baseImages() {
    Set<String> stages = new HashSet<>();
    List<Image> images = new ArrayList<>();
    for (Instruction from : instructions("FROM")) {
      List<String> words = new ArrayList<>(List.of(from.arguments().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      if (words.isEmpty()) {
        throw new IllegalArgumentException("line " + from.line() + ": FROM without an image");
      }
      String image = words.get(0);
      if (words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")) {
        stages.add(words.get(2).toLowerCase(Locale.ROOT));
      }
      if (!stages.contains(image.toLowerCase(Locale.ROOT)) && !image.equals("scratch")) {
        images.add(Image.parse(image));
      }
    }
    return images;
  }

  /** Every {@code COPY} and {@code ADD}, in order. */
  public List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("COPY") || instruction.keyword().equals("ADD")) {
        copies.add(copy(instruction));
      }
    }
    return copies;
  }

  private static Copy copy(Instruction instruction) {
    String rest = instruction.arguments();
    List<String> flags = new ArrayList<>();
    while (rest.startsWith("--")) {
      String[] parts = rest.split("\\s+", 2);
      flags.add(parts[0]);
      rest = parts.length > 1 ? parts[1].strip() : "";
    }
    List<String> paths = jsonArray(rest);
    if (paths == null) {
      paths = words(rest);
    }
    if (paths.size() < 2) {
      throw new IllegalArgumentException(
          "line "
              + instruction.line()
              + ": "
              + instruction.keyword()
              + " needs at least one source and a destination");
    }
    return new Copy(
        instruction.line(),
        instruction.keyword(),
        List.copyOf(flags),
        List.copyOf(paths.subList(0, paths.size() - 1)),
        paths.get(paths.size() - 1));
  }

  private static List<String> words(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
  }

  /**
   * The exec form, a JSON array of strings (only the escapes paths need), or null when the text is
   * none: Docker then reads the line in shell form, as words.
   */
  private static List<String> jsonArray(String text) {
    if (!text.startsWith("[") || !text.endsWith("]")) {
      return null;
    }
    List<String> values = new ArrayList<>();
    Matcher m = JSON_STRING.matcher(text.substring(1, text.length() - 1).strip());
    int at = 0;
    while (at < m.regionEnd()) {
      m.region(at, m.regionEnd());
      if (!m.lookingAt()) {
        return null;
      }
      values.add(m.group(1).replaceAll("\\\\(.)", "$1"));
      at = m.end();
    }
    return values;
  }
}
