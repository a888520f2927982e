package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each manifest in src/test/resources/invalid/ is rejected with the error its first line names.
 * Every case, with the error expected and the errors observed, goes to
 * target/bench/invalid-manifests.md for the benchmark document.
 */
class InvalidManifestsTest {
  private static final String EXPECT = "# expect: ";
  private static final Path DIR = CrdFiles.projectRoot().resolve("api/src/test/resources/invalid");
  private static final Path REPORT =
      CrdFiles.projectRoot().resolve("api/target/bench/invalid-manifests.md");

  /** The validator's errors per case, in the order the cases ran. */
  private static final Map<Case, List<String>> OBSERVED = new LinkedHashMap<>();

  /** One file of the corpus. */
  record Case(String file, Map<String, Object> manifest, String expected) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    // The source folder, not target/: a deleted case would linger there until mvn clean.
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String firstLine = Files.readAllLines(file).get(0);
        if (!firstLine.startsWith(EXPECT)) {
          throw new IllegalStateException(file + " must start with '" + EXPECT + "<error>'");
        }
        List<Map<String, Object>> documents = ManifestValidator.loadAll(file);
        if (documents.size() != 1) {
          throw new IllegalStateException(file + " must hold exactly one manifest");
        }
        cases.add(
            new Case(
                file.getFileName().toString(),
                documents.get(0),
                firstLine.substring(EXPECT.length()).strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  @Test
  void corpusCoversEnoughCases() {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRejected(Case invalid) {
    List<String> errors = ManifestValidator.shared().validate(invalid.manifest());
    OBSERVED.put(invalid, errors);

    assertThat(errors)
        .as("errors for %s", invalid.file())
        .anySatisfy(error -> assertThat(error).contains(invalid.expected()));
  }

  @AfterAll
  static void writeReport() throws IOException {
    StringBuilder out = new StringBuilder("## Bad input: the invalid-manifest corpus\n\n");
    out.append("Each manifest of api/src/test/resources/invalid/ through the CRDs' structural")
        .append(" schemas and CEL rules, as `kubectl apply --validate=strict` would check it; ")
        .append("the expected error is a part of an observed one.\n\n")
        .append("| case | expected outcome | observed outcome | as expected |\n")
        .append("| --- | --- | --- | --- |\n");
    OBSERVED.forEach(
        (invalid, errors) -> {
          List<String> matching =
              errors.stream().filter(e -> e.contains(invalid.expected())).toList();
          String observed =
              errors.isEmpty()
                  ? "accepted"
                  : "rejected: " + code(String.join("; ", matching.isEmpty() ? errors : matching));
          out.append(
              String.format(
                  "| `%s` | rejected: %s | %s | %s |%n",
                  invalid.file(),
                  code(invalid.expected()),
                  observed,
                  matching.isEmpty() ? "NO" : "yes"));
        });
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, out.toString());
    System.out.println(out);
  }

  /**
   * A code span on one line (messages hold regular expressions that Markdown would reformat); a
   * pipe would end the table cell.
   */
  private static String code(String text) {
    return "`" + text.replace("\r", "").replace("\n", " ").replace("|", "\\|") + "`";
  }
}
