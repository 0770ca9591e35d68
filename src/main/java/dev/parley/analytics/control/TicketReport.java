package dev.parley.analytics.control;

import static dev.parley.analytics.control.ReportSql.percentile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** AN-2: tickets created and solved, first response and resolution times, SLA achievement. */
@ApplicationScoped
public class TicketReport {

  private static final List<String> METRICS =
      List.of("FIRST_RESPONSE", "NEXT_RESPONSE", "RESOLUTION");

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    String from = "ticket t";
    Grouped created = sql.grouped(q, "t.created_at", "COUNT(*)", from, where(q));
    Grouped responded =
        sql.grouped(
            q,
            "t.first_responded_at",
            "COUNT(*), "
                + percentile(0.5, "t.first_response_seconds")
                + ", "
                + percentile(0.9, "t.first_response_seconds"),
            from,
            where(q));
    Grouped solved =
        sql.grouped(
            q,
            "t.solved_at",
            "COUNT(*), "
                + percentile(0.5, "t.resolution_seconds")
                + ", "
                + percentile(0.9, "t.resolution_seconds"),
            from,
            where(q));
    return new Report.Builder("tickets", q)
        .column("created", created, 0, true)
        .column("firstResponses", responded, 0, true)
        .column("firstResponseMedian", responded, 1, false)
        .column("firstResponseP90", responded, 2, false)
        .column("solved", solved, 0, true)
        .column("resolutionMedian", solved, 1, false)
        .column("resolutionP90", solved, 2, false)
        .table("sla", sla(q))
        .build();
  }

  /** Per metric: targets met and missed in the range, and the share met. */
  private Report.Table sla(ReportQuery q) {
    ReportSql.Where where = where(q);
    List<Object> params = new ArrayList<>();
    Object start = ReportSql.timestamp(q.start());
    Object end = ReportSql.timestamp(q.end());
    params.addAll(List.of(start, end, start, end));
    params.addAll(where.params());
    List<Object[]> rows =
        sql.rows(
            "SELECT s.metric, SUM(CASE WHEN s.breached THEN 0 ELSE 1 END), SUM(CASE WHEN s.breached"
                + " THEN 1 ELSE 0 END) FROM ticket_sla s JOIN ticket t ON t.id = s.ticket_id WHERE"
                + " ((NOT s.breached AND s.achieved_at >= ? AND s.achieved_at < ?) OR (s.breached"
                + " AND s.breached_at >= ? AND s.breached_at < ?)) AND "
                + where.sql()
                + " GROUP BY s.metric",
            params);
    List<List<Object>> table = new ArrayList<>();
    for (String metric : METRICS) {
      long met = 0;
      long missed = 0;
      for (Object[] r : rows) {
        if (metric.equals(r[0])) {
          met = ((Number) r[1]).longValue();
          missed = ((Number) r[2]).longValue();
        }
      }
      List<Object> row = new ArrayList<>();
      row.add(metric.toLowerCase(Locale.ROOT));
      row.add(met);
      row.add(missed);
      row.add(Report.ratio(met, met + missed));
      table.add(row);
    }
    return new Report.Table(List.of("metric", "met", "missed", "achievement"), table);
  }

  private static ReportSql.Where where(ReportQuery q) {
    return ReportFilters.tickets(q.filter());
  }
}
