package dev.parley.analytics.control;

import dev.parley.platform.persistence.Migrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Runs the reports' read-only SQL on PostgreSQL and on the embedded H2: the local-time bucket of a
 * timestamp, continuous percentiles, and per-bucket plus whole-range aggregates in one pass where
 * the database can (PostgreSQL's grouping sets).
 */
@ApplicationScoped
public class ReportSql {

  /** Conditions and their parameters, joined with AND. */
  public static final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    public Where and(String condition, Object... values) {
      conditions.add(condition);
      params.addAll(List.of(values));
      return this;
    }

    /** Only when the value is given. */
    public Where andIf(Object value, String condition) {
      return value == null ? this : and(condition, value);
    }

    String sql() {
      return conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
    }

    List<Object> params() {
      return params;
    }
  }

  @Resource(lookup = "jdbc/parley")
  DataSource dataSource;

  @Inject Migrations migrations;

  @Resource ManagedExecutorService executor;

  /**
   * Runs a report's independent queries in two lanes, this thread and one other, so a report takes
   * about half as long on an idle database and never holds more than two connections.
   */
  <T> List<T> inTwoLanes(List<Callable<T>> queries) {
    int half = queries.size() / 2;
    Future<List<T>> other =
        half == 0 ? null : executor.submit(() -> runAll(queries.subList(0, half)));
    List<T> mine = runAll(queries.subList(half, queries.size()));
    List<T> results = new ArrayList<>();
    if (other != null) {
      try {
        results.addAll(other.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("A report was interrupted", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new IllegalStateException("A report query failed", e.getCause());
      }
    }
    results.addAll(mine);
    return results;
  }

  private static <T> List<T> runAll(List<Callable<T>> queries) {
    List<T> results = new ArrayList<>();
    for (Callable<T> q : queries) {
      try {
        results.add(q.call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("A report query failed", e);
      }
    }
    return results;
  }

  /**
   * The seconds from one timestamp expression to another, in this database's words; {@code from}
   * comes first in the text on both, so their parameters bind in the same order.
   */
  String secondsBetween(String from, String to) {
    return migrations.postgres()
        ? "(-EXTRACT(EPOCH FROM (" + from + " - " + to + ")))"
        : "DATEDIFF('SECOND', " + from + ", " + to + ")";
  }

  /** The continuous percentile of an expression (nulls left out). */
  static String percentile(double p, String expression) {
    return "PERCENTILE_CONT(" + p + ") WITHIN GROUP (ORDER BY " + expression + ")";
  }

  /**
   * Aggregates over the rows of {@code from} whose {@code time} lies in the range, per bucket and
   * in total.
   */
  Grouped grouped(ReportQuery q, String time, String aggregates, String from, Where where) {
    List<LocalDateTime> starts = q.buckets();
    String bucket = bucket(time, q, starts);
    String filter = time + " >= ? AND " + time + " < ? AND " + where.sql();
    List<Object> params = new ArrayList<>();
    params.add(timestamp(q.start()));
    params.add(timestamp(q.end()));
    params.addAll(where.params());
    Map<LocalDateTime, Object[]> buckets = new HashMap<>();
    Object[] total = null;
    int width = aggregates.split(",(?![^(]*\\))").length;
    if (migrations.postgres()) {
      String sql =
          "SELECT "
              + bucket
              + " AS bucket, GROUPING("
              + bucket
              + ") AS whole, "
              + aggregates
              + " FROM "
              + from
              + " WHERE "
              + filter
              + " GROUP BY GROUPING SETS (("
              + bucket
              + "), ())";
      for (Object[] row : rows(sql, params)) {
        Object[] values = java.util.Arrays.copyOfRange(row, 2, row.length);
        if (((Number) row[1]).intValue() == 1) {
          total = values;
        } else {
          buckets.put(starts.get(((Number) row[0]).intValue() - 1), values);
        }
      }
    } else {
      String sql =
          "SELECT "
              + bucket
              + " AS bucket, "
              + aggregates
              + " FROM "
              + from
              + " WHERE "
              + filter
              + " GROUP BY "
              + bucket;
      for (Object[] row : rows(sql, params)) {
        buckets.put(local(row[0]), java.util.Arrays.copyOfRange(row, 1, row.length));
      }
      List<Object[]> whole =
          rows("SELECT " + aggregates + " FROM " + from + " WHERE " + filter, params);
      total = whole.isEmpty() ? null : whole.get(0);
    }
    return new Grouped(buckets, total == null ? new Object[width] : total);
  }

  /** The rows of a query, each as its column values. */
  List<Object[]> rows(String sql, List<Object> params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        s.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("A report query failed: " + e.getMessage(), e);
    }
  }

  /** Parameters for a range: its start and end as timestamps. */
  static Object timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
  }

  /**
   * The bucket of a timestamp column. PostgreSQL: its number among the buckets' first instants
   * ({@code width_bucket}, a binary search: far cheaper per row than a time zone conversion); H2:
   * the local start itself.
   */
  private String bucket(String column, ReportQuery q, List<LocalDateTime> starts) {
    if (migrations.postgres()) {
      StringBuilder bounds = new StringBuilder("'{");
      for (int i = 0; i < starts.size(); i++) {
        bounds.append(i == 0 ? "" : ",").append(starts.get(i).atZone(q.zone()).toInstant());
      }
      return "width_bucket(" + column + ", " + bounds + "}'::timestamptz[])";
    }
    String id = q.zone().getId();
    if (!id.matches("[A-Za-z0-9_/+:-]+")) {
      throw new IllegalArgumentException("unexpected zone id " + id);
    }
    // the local wall time (labelled UTC), then truncated; DST days stay one bucket
    return "DATE_TRUNC('"
        + q.grouping().unit(false)
        + "', PARSEDATETIME(FORMATDATETIME("
        + column
        + ", 'yyyy-MM-dd HH:mm:ss', 'en', '"
        + id
        + "'), 'yyyy-MM-dd HH:mm:ss', 'en', 'UTC'))";
  }

  /** A timestamp column's value as an instant. */
  static Instant instant(Object value) {
    if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.ZonedDateTime t) {
      return t.toInstant();
    }
    if (value instanceof Instant t) {
      return t;
    }
    throw new IllegalStateException("unexpected timestamp value " + value);
  }

  private static LocalDateTime local(Object value) {
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof OffsetDateTime t) {
      return t.toLocalDateTime();
    }
    if (value instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (value instanceof java.time.ZonedDateTime t) {
      return t.toLocalDateTime();
    }
    throw new IllegalStateException("unexpected bucket value " + value);
  }
}
