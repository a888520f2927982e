package dev.lakehouse.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewRowsTest {
  @Test
  void keepsAtMostMaxRowsAndSaysWhenThereWasMore() {
    var preview = new PreviewRows(2, 1 << 20);
    assertThat(preview.offer(new String[] {"a"})).isTrue();
    assertThat(preview.offer(new String[] {"b"})).isTrue();
    assertThat(preview.wantsMore()).isFalse();
    assertThat(preview.truncated()).isFalse();
    assertThat(preview.offer(new String[] {"c"})).isFalse();

    assertThat(preview.rows()).containsExactly(List.of("a"), List.of("b"));
    assertThat(preview.truncated()).isTrue();
  }

  @Test
  void stopsAtTheByteBudgetWhateverMaxRowsSays() {
    var preview = new PreviewRows(1000, 100);
    String cell = "x".repeat(40);
    int kept = 0;
    while (preview.offer(new String[] {cell})) {
      kept++;
    }
    assertThat(kept).isEqualTo(2);
    assertThat(preview.truncated()).isTrue();
  }

  @Test
  void shortensHugeCellsAndKeepsNulls() {
    var preview = new PreviewRows(10, 1 << 20);
    preview.offer(new String[] {"y".repeat(PreviewRows.MAX_CELL_CHARS * 3), null});

    List<String> row = preview.rows().get(0);
    assertThat(row.get(0)).hasSize(PreviewRows.MAX_CELL_CHARS + 1).endsWith("…");
    assertThat(row.get(1)).isNull();
    assertThat(preview.truncated()).isTrue();
  }

  @Test
  void zeroRowsKeepsNothing() {
    var preview = new PreviewRows(0, 1 << 20);
    assertThat(preview.wantsMore()).isFalse();
    preview.more();
    assertThat(preview.rows()).isEmpty();
    assertThat(preview.truncated()).isTrue();
  }
}
