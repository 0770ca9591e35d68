package dev.parley.analytics.control;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report: a series of figures per bucket with their totals over the range, and tables (a
 * breakdown such as handoff reasons or per prompt version). Values are numbers, or null where
 * nothing was measured (a median of no durations).
 */
public record Report(
    String name,
    ReportQuery query,
    List<String> columns,
    List<Bucket> series,
    Map<String, Number> totals,
    Map<String, Table> tables) {

  /** One bucket's figures, by column. */
  public record Bucket(LocalDateTime start, Map<String, Number> values) {}

  /** A breakdown: named columns and rows of values (text or numbers). */
  public record Table(List<String> columns, List<List<Object>> rows) {}

  /** Builds a report column by column. */
  static final class Builder {
    private final String name;
    private final ReportQuery query;
    private final List<String> columns = new ArrayList<>();
    private final Map<LocalDateTime, Map<String, Number>> series = new LinkedHashMap<>();
    private final Map<String, Number> totals = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();

    Builder(String name, ReportQuery query) {
      this.name = name;
      this.query = query;
      for (LocalDateTime b : query.buckets()) {
        series.put(b, new LinkedHashMap<>());
      }
    }

    /** A column from a grouped result's value at {@code index}; counts are zero when absent. */
    Builder column(String column, Grouped grouped, int index, boolean count) {
      columns.add(column);
      series.forEach(
          (start, values) -> {
            Object[] row = grouped.buckets().get(start);
            values.put(column, value(row == null ? null : row[index], count));
          });
      totals.put(column, value(grouped.total()[index], count));
      return this;
    }

    /** A column computed from others of the same bucket (and of the totals). */
    Builder derived(String column, java.util.function.Function<Map<String, Number>, Number> f) {
      columns.add(column);
      series.values().forEach(values -> values.put(column, f.apply(values)));
      totals.put(column, f.apply(totals));
      return this;
    }

    Builder table(String tableName, Table table) {
      tables.put(tableName, table);
      return this;
    }

    Report build() {
      List<Bucket> buckets = new ArrayList<>();
      series.forEach((start, values) -> buckets.add(new Bucket(start, values)));
      return new Report(name, query, List.copyOf(columns), buckets, totals, tables);
    }

    private static Number value(Object v, boolean count) {
      if (v == null) {
        return count ? 0L : null;
      }
      if (count) {
        return ((Number) v).longValue();
      }
      return ((Number) v).doubleValue();
    }
  }

  /** a / b, or null when b is zero. */
  static Double ratio(Number a, Number b) {
    if (a == null || b == null || b.doubleValue() == 0) {
      return null;
    }
    return a.doubleValue() / b.doubleValue();
  }
}
