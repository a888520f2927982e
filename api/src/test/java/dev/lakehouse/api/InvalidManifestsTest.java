package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each manifest in src/test/resources/invalid/ is rejected with the error its first line names. */
class InvalidManifestsTest {
  private static final String EXPECT = "# expect: ";
  private static final Path DIR = CrdFiles.projectRoot().resolve("api/src/test/resources/invalid");

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

    assertThat(errors)
        .as("errors for %s", invalid.file())
        .anySatisfy(error -> assertThat(error).contains(invalid.expected()));
  }
}
