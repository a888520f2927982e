package dev.lakehouse.jobs;

/** Shortens exception messages (Spark's run to many lines) to the one line a user reads. */
public final class Messages {
  private Messages() {}

  public static String firstLine(String message) {
    String text = String.valueOf(message).strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  public static String firstLine(Throwable e) {
    return firstLine(e.getMessage());
  }

  /** The first line of the innermost cause: where Spark wraps a reader's error in job failures. */
  public static String rootCauseLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return firstLine(root);
  }
}
