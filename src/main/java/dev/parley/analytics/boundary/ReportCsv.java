package dev.parley.analytics.boundary;

import dev.parley.analytics.control.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reports as CSV (RFC 4180): the series with one line per bucket and a total line, or a table.
 * Cells a spreadsheet would run as a formula are prefixed with an apostrophe (OWASP's CSV injection
 * advice): comments and names come from visitors and admins.
 */
final class ReportCsv {

  private ReportCsv() {}

  static String series(Report report) {
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("start");
    header.addAll(report.columns());
    line(csv, new ArrayList<>(header));
    for (Report.Bucket b : report.series()) {
      List<Object> row = new ArrayList<>();
      row.add(ReportJson.start(b.start(), report.query().zone()));
      add(row, report.columns(), b.values());
      line(csv, row);
    }
    List<Object> total = new ArrayList<>();
    total.add("total");
    add(total, report.columns(), report.totals());
    line(csv, total);
    return csv.toString();
  }

  static String table(Report.Table table) {
    StringBuilder csv = new StringBuilder();
    line(csv, new ArrayList<>(table.columns()));
    table.rows().forEach(row -> line(csv, row));
    return csv.toString();
  }

  private static void add(List<Object> row, List<String> columns, Map<String, Number> values) {
    columns.forEach(c -> row.add(values.get(c)));
  }

  private static void line(StringBuilder csv, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(cell(cells.get(i)));
    }
    csv.append("\r\n");
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return d == Math.rint(d) && !Double.isInfinite(d)
          ? Long.toString(d.longValue())
          : Double.toString(d);
    }
    if (value instanceof Number n) {
      return Long.toString(n.longValue());
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      text = "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
