package dev.lakehouse.operator.k8s;

/**
 * Names derived from a user's name plus a suffix, kept within the 63 characters of a DNS label (and
 * of a label value, which a Job's name becomes on its pods). A name that would be too long is cut
 * and given a hash of the full name, so it stays unique and is the same every time.
 */
public final class BoundedName {
  public static final int MAX = 63;
  private static final int HASH = 8;

  private BoundedName() {}

  public static String of(String base, String suffix) {
    return of(base, suffix, MAX);
  }

  /** Within {@code max} characters, for names that get a suffix of their own later. */
  public static String of(String base, String suffix, int max) {
    String full = base + suffix;
    if (full.length() <= max) {
      return full;
    }
    String hash = ContentHash.ofText(full).substring(0, HASH);
    int keep = max - suffix.length() - HASH - 1;
    String head = base.substring(0, Math.max(0, keep));
    while (head.endsWith("-")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash + suffix;
  }
}
