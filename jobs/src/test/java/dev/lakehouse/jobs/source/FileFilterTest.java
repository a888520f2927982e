package dev.lakehouse.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileFilterTest {
  @Test
  void junkIsSkippedWithItsReason() {
    FileFilter all = new FileFilter(null, null);
    assertThat(all.skipReason("2024/03/a.json", 10)).isEmpty();
    assertThat(all.skipReason("__MACOSX/2024/._a.json", 10))
        .contains("macOS archive metadata (__MACOSX)");
    assertThat(all.skipReason("export/__MACOSX/._a.json", 10))
        .contains("macOS archive metadata (__MACOSX)");
    assertThat(all.skipReason("2024/.DS_Store", 10)).contains("hidden file");
    assertThat(all.skipReason("_SUCCESS", 0)).contains("hidden file");
    assertThat(all.skipReason("a.json", 0)).contains("empty file");
  }

  @Test
  void globsMatchNamesOrKeys() {
    FileFilter json = new FileFilter(List.of("*.json"), List.of("*-draft.json", "tmp/**"));
    assertThat(json.skipReason("2024/a.json", 5)).isEmpty();
    assertThat(json.skipReason("2024/a.csv", 5)).contains("not matched by include");
    assertThat(json.skipReason("2024/a-draft.json", 5)).contains("matched by exclude");
    assertThat(json.skipReason("tmp/x/a.json", 5)).contains("matched by exclude");
  }
}
