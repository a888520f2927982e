package dev.lakehouse.query;

/** The file formats a full result can be written in. */
public enum ResultFormat {
  CSV("csv", "text/csv; charset=utf-8"),
  PARQUET("parquet", "application/vnd.apache.parquet");

  private final String extension;
  private final String contentType;

  ResultFormat(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  public String extension() {
    return extension;
  }

  public String contentType() {
    return contentType;
  }
}
