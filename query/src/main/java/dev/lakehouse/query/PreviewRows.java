package dev.lakehouse.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first rows of a result, bounded by a row count and a byte budget so that a Query's status
 * stays small whatever the result holds; cells longer than a limit are shortened.
 */
final class PreviewRows {
  static final int MAX_CELL_CHARS = 4096;
  private static final String ELLIPSIS = "…";

  private final int maxRows;
  private final long maxBytes;
  private final List<List<String>> rows = new ArrayList<>();
  private long bytes;
  private boolean full;
  private boolean truncated;

  PreviewRows(int maxRows, long maxBytes) {
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    this.full = maxRows == 0;
  }

  /** Whether the next row would be kept; the caller skips formatting rows that will not be. */
  boolean wantsMore() {
    return !full;
  }

  /** Offers the next row; returns false once the preview is full. */
  boolean offer(String[] cells) {
    if (full) {
      truncated = true;
      return false;
    }
    String[] kept = new String[cells.length];
    long rowBytes = 0;
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      if (cell != null && cell.length() > MAX_CELL_CHARS) {
        cell = cell.substring(0, MAX_CELL_CHARS) + ELLIPSIS;
        truncated = true;
      }
      kept[i] = cell;
      rowBytes += cell == null ? 4 : cell.length() + 2;
    }
    if (bytes + rowBytes > maxBytes) {
      full = true;
      truncated = true;
      return false;
    }
    bytes += rowBytes;
    rows.add(Arrays.asList(kept));
    full = rows.size() >= maxRows;
    return true;
  }

  /** Marks rows beyond the preview: some exist that were never offered. */
  void more() {
    truncated = true;
  }

  List<List<String>> rows() {
    return rows;
  }

  boolean truncated() {
    return truncated;
  }
}
