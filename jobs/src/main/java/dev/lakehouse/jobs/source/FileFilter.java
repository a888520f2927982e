package dev.lakehouse.jobs.source;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Decides which listed objects are data: the Dataset's include/exclude globs, and the junk real
 * exports carry (zip metadata folders, hidden files, empty files), each skipped with a reason.
 */
public final class FileFilter {
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;

  public FileFilter(List<String> include, List<String> exclude) {
    this.include = matchers(include);
    this.exclude = matchers(exclude);
  }

  /** Empty when the file is data; otherwise why it is not. */
  public Optional<String> skipReason(String relativeKey, long size) {
    String name = relativeKey.substring(relativeKey.lastIndexOf('/') + 1);
    if (relativeKey.startsWith("__MACOSX/") || relativeKey.contains("/__MACOSX/")) {
      return Optional.of("macOS archive metadata (__MACOSX)");
    }
    if (name.startsWith(".") || name.startsWith("_")) {
      return Optional.of("hidden file");
    }
    if (!include.isEmpty() && include.stream().noneMatch(m -> matches(m, relativeKey, name))) {
      return Optional.of("not matched by include");
    }
    if (exclude.stream().anyMatch(m -> matches(m, relativeKey, name))) {
      return Optional.of("matched by exclude");
    }
    if (size == 0) {
      return Optional.of("empty file");
    }
    return Optional.empty();
  }

  /** A pattern with a '/' matches the key relative to the source folder, one without the name. */
  private static boolean matches(PathMatcher matcher, String key, String name) {
    return matcher.matches(Path.of(name)) || matcher.matches(Path.of(key));
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    return globs == null
        ? List.of()
        : globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }
}
