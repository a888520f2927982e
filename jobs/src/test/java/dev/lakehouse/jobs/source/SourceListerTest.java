package dev.lakehouse.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceListerTest {
  @TempDir Path root;

  @Test
  void aLocalFolderIsWalkedToItsDeepestFilesSortedByPath() throws Exception {
    write("b.json", "{}");
    write("a/2024/01/x.json", "{\"id\": 1}");
    write("a/2024/01/notes.txt", "skip me");
    write("a/y.json", "");

    var listing =
        new SourceLister(new Configuration())
            .list(root.toUri().toString(), new FileFilter(List.of("*.json"), List.of()));

    assertThat(listing.files())
        .extracting(f -> root.toUri().relativize(java.net.URI.create(f.path())).toString())
        .containsExactly("a/2024/01/x.json", "b.json");
    assertThat(listing.files()).extracting(SourceFile::size).containsExactly(9L, 2L);
    assertThat(listing.skipped())
        .extracting(SkippedFile::reason)
        .containsExactly("not matched by include", "empty file");
    assertThat(listing.skipped().get(0).path()).endsWith("a/2024/01/notes.txt");
  }

  @Test
  void aMissingFolderListsNothing() throws Exception {
    var listing =
        new SourceLister(new Configuration())
            .list(
                root.resolve("nothing-here").toUri().toString(),
                new FileFilter(List.of(), List.of()));
    assertThat(listing.files()).isEmpty();
    assertThat(listing.skipped()).isEmpty();
  }

  private void write(String relative, String content) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
