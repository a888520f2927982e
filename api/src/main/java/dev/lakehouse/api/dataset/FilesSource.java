package dev.lakehouse.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lakehouse.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Files under an object-storage prefix (or a URL), read in batches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.prefix) != has(self.url)",
    message = "spec.source.files needs exactly one of prefix (in the lakehouse bucket) or url")
@ValidationRule(
    value = "self.format == 'json' || !has(self.multiLine) || !self.multiLine",
    message = "multiLine applies to json only")
@ValidationRule(
    value = "self.format == 'csv' || !has(self.csv)",
    message = "csv options need format: csv")
public class FilesSource {
  @Pattern(Patterns.RELATIVE_PREFIX)
  @Size(max = 1024)
  @JsonPropertyDescription("Key prefix in the lakehouse bucket, for example landing/raygun/.")
  public String prefix;

  @Pattern("^(s3a?|file)://[^\\s]+$")
  @Size(max = 2048)
  @JsonPropertyDescription(
      "A full location instead of a prefix: s3a://bucket/path/ or file:///path/.")
  public String url;

  @Required public FileFormat format;

  @JsonPropertyDescription(
      "For json: one pretty-printed document per file (like a Raygun export) instead of one per line.")
  public Boolean multiLine;

  @Size(max = 32)
  @JsonPropertyDescription("Glob patterns of file names to read (default: all).")
  public List<@Size(min = 1, max = 256) String> include;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Glob patterns of file names to skip (__MACOSX/ and hidden files are always skipped).")
  public List<@Size(min = 1, max = 256) String> exclude;

  public CsvOptions csv;

  @Size(max = 50)
  @JsonPropertyDescription("Extra Spark reader options.")
  public Map<String, String> options;

  /** CSV reader options. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CsvOptions {
    @Default("true")
    public Boolean header = true;

    @Default("','")
    @Size(min = 1, max = 1)
    public String delimiter = ",";

    @Default("'\"'")
    @Size(min = 1, max = 1)
    public String quote = "\"";

    @Size(min = 1, max = 1)
    public String escape;

    @Default("UTF-8")
    public String encoding = "UTF-8";
  }
}
