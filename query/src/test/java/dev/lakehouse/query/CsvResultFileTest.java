package dev.lakehouse.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvResultFileTest {
  @TempDir Path dir;

  @Test
  void quotesWhatNeedsQuotingAndKeepsNullApartFromEmpty() throws Exception {
    Path file = dir.resolve("r.csv");
    try (var csv =
        ResultFile.create(
            ResultFormat.CSV,
            file,
            List.of(new ResultColumn("ip", "varchar"), new ResultColumn("note", "varchar")))) {
      csv.write(new Object[2], new String[] {"10.0.0.1", "plain"});
      csv.write(new Object[2], new String[] {"a,b", "say \"hi\""});
      csv.write(new Object[2], new String[] {null, ""});
      csv.write(new Object[2], new String[] {"two\nlines", "ü"});
    }

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(
            "ip,note\n"
                + "10.0.0.1,plain\n"
                + "\"a,b\",\"say \"\"hi\"\"\"\n"
                + ",\"\"\n"
                + "\"two\nlines\",ü\n");
  }
}
