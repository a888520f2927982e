package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Docker build context: a folder and its {@code .dockerignore}, with Docker's rules for the
 * latter (globs with {@code *}, {@code ?} and {@code **}, {@code !} exceptions, the last matching
 * line wins, a path is excluded when it or a parent folder is). It answers which files a {@code
 * COPY} source would send.
 */
public final class DockerfileContext {
  private static final Pattern VERSION_OR_GLOB = Pattern.compile("[*?\\[]|\\d+\\.\\d+");

  private record Rule(Pattern pattern, boolean exception) {}

  private final Path dir;
  private final List<Rule> rules;

  private DockerfileContext(Path dir, List<Rule> rules) {
    this.dir = dir;
    this.rules = rules;
  }

  /** The context {@code dir}, with its {@code .dockerignore} if there is one. */
  public static DockerfileContext of(Path dir) {
    Path ignore = dir.resolve(".dockerignore");
    try {
      return of(dir, Files.exists(ignore) ? Files.readString(ignore) : "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ignore, e);
    }
  }

  public static DockerfileContext of(Path dir, String dockerignore) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : dockerignore.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      String pattern = clean(exception ? line.substring(1).strip() : line);
      if (!pattern.isEmpty()) {
        rules.add(new Rule(Pattern.compile(regex(pattern)), exception));
      }
    }
    return new DockerfileContext(dir, rules);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Whether {@code .dockerignore} leaves this path out (relative to the context, {@code
   * /}-separated).
   */
  public boolean excluded(String relativePath) {
    String path = clean(relativePath);
    List<String> candidates = new ArrayList<>();
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      candidates.add(path.substring(0, slash));
    }
    candidates.add(path);
    boolean excluded = false;
    for (Rule rule : rules) {
      if (candidates.stream().anyMatch(c -> rule.pattern().matcher(c).matches())) {
        excluded = !rule.exception();
      }
    }
    return excluded;
  }

  /**
   * The regular files the build would send for a {@code COPY} source: the file itself, or every
   * file under the folder, less what {@code .dockerignore} excludes. Empty when nothing exists
   * there.
   */
  public List<Path> files(String source) {
    Path root = dir.resolve(clean(source));
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> !excluded(dir.relativize(f).toString().replace('\\', '/')))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /**
   * What is wrong with the Dockerfile's {@code COPY} sources in this context, one line each: a glob
   * or a versioned name (after an upgrade it could match nothing, silently), a source that sends no
   * file, an empty file. Empty when every source is sound.
   */
  public List<String> copyProblems(Dockerfile dockerfile) {
    List<String> problems = new ArrayList<>();
    for (Dockerfile.Copy copy : dockerfile.copies()) {
      for (String source : copy.contextSources()) {
        String where = "line " + copy.line() + ": " + source;
        if (VERSION_OR_GLOB.matcher(source).find()) {
          problems.add(where + " is a glob or names a version");
        }
        List<Path> sent = files(source);
        if (sent.isEmpty()) {
          problems.add(where + " sends no file");
        }
        for (Path file : sent) {
          if (size(file) == 0) {
            problems.add(where + ": " + dir.relativize(file) + " is empty");
          }
        }
      }
    }
    return problems;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** As Docker cleans patterns and paths: no leading {@code /} or {@code ./}, no trailing slash. */
  private static String clean(String path) {
    String p = path.replace('\\', '/').replaceAll("/+", "/");
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("./") ? 2 : 1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(".") ? "" : p;
  }

  private static String regex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        i++;
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
          i++;
          regex.append("(?:.*/)?"); // any number of folders, none included
        } else {
          regex.append(".*");
        }
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed [ in .dockerignore pattern " + glob);
        }
        regex.append('[').append(glob, i + 1, end).append(']');
        i = end;
      } else if (c == '\\' && i + 1 < glob.length()) {
        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
