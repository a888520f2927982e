package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How rows are written to the table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.mode) || self.mode != 'merge' || (has(self.mergeKeys) && size(self.mergeKeys) > 0)",
    message = "write.mode merge needs write.mergeKeys")
@ValidationRule(
    value = "(has(self.mode) && self.mode == 'merge') || !has(self.mergeKeys)",
    message = "write.mergeKeys apply to mode merge only")
public class WriteSpec {
  @JsonPropertyDescription(
      "append, overwrite or merge. Unset: append for a files source (each run adds new files'"
          + " rows), overwrite for a transform (each run recomputes the whole SELECT).")
  public Mode mode;

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
