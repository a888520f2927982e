package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How rows are written to the table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.mode != 'merge' || (has(self.mergeKeys) && size(self.mergeKeys) > 0)",
    message = "write.mode merge needs write.mergeKeys")
@ValidationRule(
    value = "self.mode == 'merge' || !has(self.mergeKeys)",
    message = "write.mergeKeys apply to mode merge only")
public class WriteSpec {
  @Default("append")
  public Mode mode = Mode.append;

  @Size(max = 16)
  @JsonPropertyDescription("For merge: the columns that identify a row.")
  public List<@Pattern(Patterns.COLUMN_NAME) String> mergeKeys;

  /** Write modes. */
  public enum Mode {
    append,
    overwrite,
    merge
  }
}
