package dev.parley.analytics.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** AN-3: ratings of closed conversations, response rate, distribution and comments. */
@ApplicationScoped
public class SatisfactionReport {

  /** How many of the latest comments a report lists. */
  static final int COMMENTS = 50;

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    List<Object> parts =
        sql.inTwoLanes(
            List.<Callable<Object>>of(
                () ->
                    sql.grouped(
                        q,
                        "c.closed_at",
                        "COUNT(*), COUNT(c.csat_score), AVG(CAST(c.csat_score AS DOUBLE"
                            + " PRECISION)), SUM(CASE WHEN c.csat_score >= 4 THEN 1 ELSE 0 END)",
                        "conversation c",
                        ReportFilters.conversations(q.filter())),
                () -> distribution(q),
                () -> comments(q)));
    Grouped closed = (Grouped) parts.get(0);
    return new Report.Builder("satisfaction", q)
        .column("closed", closed, 0, true)
        .column("ratings", closed, 1, true)
        .column("averageScore", closed, 2, false)
        .column("satisfied", closed, 3, true)
        .derived("responseRate", v -> Report.ratio(v.get("ratings"), v.get("closed")))
        .derived("satisfiedShare", v -> Report.ratio(v.get("satisfied"), v.get("ratings")))
        .table("distribution", (Report.Table) parts.get(1))
        .table("comments", (Report.Table) parts.get(2))
        .build();
  }

  private Report.Table distribution(ReportQuery q) {
    ReportSql.Where where = ReportFilters.conversations(q.filter());
    List<Object[]> rows =
        sql.rows(
            "SELECT c.csat_score, COUNT(*) FROM conversation c WHERE c.closed_at >= ? AND"
                + " c.closed_at < ? AND c.csat_score IS NOT NULL AND "
                + where.sql()
                + " GROUP BY c.csat_score",
            params(q, where));
    List<List<Object>> table = new ArrayList<>();
    for (int score = 1; score <= 5; score++) {
      long count = 0;
      for (Object[] r : rows) {
        if (((Number) r[0]).intValue() == score) {
          count = ((Number) r[1]).longValue();
        }
      }
      table.add(List.of(score, count));
    }
    return new Report.Table(List.of("score", "ratings"), table);
  }

  private Report.Table comments(ReportQuery q) {
    ReportSql.Where where = ReportFilters.conversations(q.filter());
    List<Object[]> rows =
        sql.rows(
            "SELECT c.closed_at, c.id, c.csat_score, c.csat_comment FROM conversation c WHERE"
                + " c.closed_at >= ? AND c.closed_at < ? AND c.csat_comment IS NOT NULL AND "
                + where.sql()
                + " ORDER BY c.closed_at DESC, c.id DESC FETCH FIRST "
                + COMMENTS
                + " ROWS ONLY",
            params(q, where));
    List<List<Object>> table = new ArrayList<>();
    for (Object[] r : rows) {
      table.add(List.of(ReportSql.instant(r[0]).toString(), r[1], r[2], r[3]));
    }
    return new Report.Table(List.of("closedAt", "conversation", "score", "comment"), table);
  }

  static List<Object> params(ReportQuery q, ReportSql.Where where) {
    List<Object> params = new ArrayList<>();
    params.add(ReportSql.timestamp(q.start()));
    params.add(ReportSql.timestamp(q.end()));
    params.addAll(where.params());
    return params;
  }
}
