package dev.lakehouse.jobs.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFilesTest {
  @Test
  void smallFilesArePackedIntoFewTasksAndNoFileIsLost() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      files.add(new SourceFile("f" + i, 15_000));
    }
    List<List<SourceFile>> groups = TextFiles.pack(files, 2);
    assertThat(groups).hasSizeBetween(2, 6);
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(5000);
    assertThat(groups.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(files);
  }

  @Test
  void largeBatchesGetOneTaskPerSixteenMegabytes() {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      files.add(new SourceFile("f" + i, 8L * 1024 * 1024));
    }
    assertThat(TextFiles.pack(files, 2)).hasSizeBetween(49, 52);
  }
}
