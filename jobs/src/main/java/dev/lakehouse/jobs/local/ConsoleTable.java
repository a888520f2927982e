package dev.lakehouse.jobs.local;

import java.util.ArrayList;
import java.util.List;

/** Renders query results as a plain text table, the way a SQL shell prints them. */
public final class ConsoleTable {
  private ConsoleTable() {}

  public static String render(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], text(row.get(i)).length());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(header, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    lines.add(rule.toString());
    rows.forEach(row -> lines.add(line(row, widths)));
    return String.join("\n", lines) + "\n";
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = text(cells.get(i));
      line.append(i == 0 ? "" : " | ").append(cell).append(" ".repeat(widths[i] - cell.length()));
    }
    return line.toString().stripTrailing();
  }

  private static String text(String value) {
    return value == null ? "NULL" : value;
  }
}
