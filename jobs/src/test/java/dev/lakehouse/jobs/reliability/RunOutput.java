package dev.lakehouse.jobs.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lines {@code lakehouse run} prints for the crash scenario's run, and what they say. */
final class RunOutput {
  static final Pattern PLANNED =
      Pattern.compile(
          "^\\["
              + CrashScenario.RUN
              + "] "
              + CrashScenario.DATASET
              + ": (\\d+) files .* in (\\d+) batches of (\\d+)(.*)$");
  static final Pattern RESUMING = Pattern.compile("resuming at batch (\\d+)");
  static final Pattern COMMITTED =
      Pattern.compile(
          "^\\[" + CrashScenario.RUN + "] batch (\\d+)/(\\d+) committed: .*\\(([0-9.]+) s\\)$");
  static final Pattern ALL_DONE =
      Pattern.compile(
          "^\\["
              + CrashScenario.RUN
              + "] "
              + CrashScenario.DATASET
              + ": all (\\d+) batches already committed$");

  private RunOutput() {}

  /** The complete lines a child has printed so far (a line still being written is left out). */
  static List<String> lines(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    } catch (IOException e) {
      return List.of();
    }
  }

  static boolean isPlanned(String line) {
    return PLANNED.matcher(line).matches();
  }

  /** The 1-based number of the batch a "committed" line reports, or -1 for another line. */
  static int committedBatch(String line) {
    Matcher m = COMMITTED.matcher(line);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The batches (1-based) the lines report committed, in the order printed. */
  static List<Integer> committedBatches(List<String> lines) {
    List<Integer> batches = new ArrayList<>();
    for (String line : lines) {
      int batch = committedBatch(line);
      if (batch > 0) {
        batches.add(batch);
      }
    }
    return batches;
  }

  /** The plan line, or the line of a run that found every batch committed. */
  static Optional<String> plannedLine(List<String> lines) {
    return lines.stream()
        .filter(l -> PLANNED.matcher(l).matches() || ALL_DONE.matcher(l).matches())
        .findFirst();
  }
}
