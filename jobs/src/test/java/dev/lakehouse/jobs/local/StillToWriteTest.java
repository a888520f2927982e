package dev.lakehouse.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.jobs.manifest.Manifest;
import dev.lakehouse.jobs.manifest.ManifestSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which IoT Datasets still write while the local runner works through the example's runs. */
class StillToWriteTest {
  static final ManifestSet IOT = load();

  static ManifestSet load() {
    try {
      return ManifestSet.load(List.of(Path.of("..", "examples", "iot")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<Manifest<IngestionRunSpec>> runsAfter(int done) {
    List<Manifest<IngestionRunSpec>> runs = LocalRunner.ordered(IOT);
    return runs.subList(done, runs.size());
  }

  @Test
  void whileALandingRunIsToComeEverythingThatFollowsItStillWrites() {
    // customer-landing ran; accelerometer- and step-trainer-landing are to come.
    Set<String> writing = LocalRunner.stillToWrite(IOT, runsAfter(1), Set.of("customer-landing"));

    assertThat(writing)
        .contains(
            "accelerometer-landing",
            "step-trainer-landing",
            "accelerometer-trusted",
            "step-trainer-trusted",
            "machine-learning-curated")
        // it follows customer-landing only, which wrote: it may run now
        .doesNotContain("customer-landing", "customer-trusted");
  }

  @Test
  void onceEveryRunIsDoneNothingStillWrites() {
    assertThat(LocalRunner.stillToWrite(IOT, runsAfter(3), Set.of())).isEmpty();
  }
}
