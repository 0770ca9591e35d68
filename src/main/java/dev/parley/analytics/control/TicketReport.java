package dev.parley.analytics.control;

import static dev.parley.analytics.control.ReportSql.percentile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** AN-2: tickets created and solved, first response and resolution times, SLA achievement. */
@ApplicationScoped
public class TicketReport {

  private static final List<String> METRICS =
      List.of("FIRST_RESPONSE", "NEXT_RESPONSE", "RESOLUTION");

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    String from = "ticket t";
    String percentiles = percentile(0.5, "%1$s") + ", " + percentile(0.9, "%1$s");
    List<Object> g =
        sql.inTwoLanes(
            List.<Callable<Object>>of(
                () -> sql.grouped(q, "t.created_at", "COUNT(*)", from, where(q)),
                () ->
                    sql.grouped(
                        q,
                        "t.first_responded_at",
                        "COUNT(*), " + percentiles.formatted("t.first_response_seconds"),
                        from,
                        where(q)),
                () ->
                    sql.grouped(
                        q,
                        "t.solved_at",
                        "COUNT(*), " + percentiles.formatted("t.resolution_seconds"),
                        from,
                        where(q)),
                () -> sla(q)));
    Grouped created = (Grouped) g.get(0);
    Grouped responded = (Grouped) g.get(1);
    Grouped solved = (Grouped) g.get(2);
    Report.Table slaTable = (Report.Table) g.get(3);
    return new Report.Builder("tickets", q)
        .column("created", created, 0, true)
        .column("firstResponses", responded, 0, true)
        .column("firstResponseMedian", responded, 1, false)
        .column("firstResponseP90", responded, 2, false)
        .column("solved", solved, 0, true)
        .column("resolutionMedian", solved, 1, false)
        .column("resolutionP90", solved, 2, false)
        .table("sla", slaTable)
        .build();
  }

  /** Per metric: targets met and missed in the range, and the share met. */
  private Report.Table sla(ReportQuery q) {
    ReportSql.Where where = where(q);
    // the ticket's columns only when a filter needs them
    String from =
        where.params().isEmpty()
            ? "ticket_sla s"
            : "ticket_sla s JOIN ticket t ON t.id = s.ticket_id";
    Map<String, Long> met =
        perMetric(
            "SELECT s.metric, COUNT(*) FROM "
                + from
                + " WHERE s.achieved_at >= ? AND s.achieved_at < ? AND s.breached = FALSE AND "
                + where.sql()
                + " GROUP BY s.metric",
            SatisfactionReport.params(q, where));
    Map<String, Long> missed =
        perMetric(
            "SELECT s.metric, COUNT(*) FROM "
                + from
                + " WHERE s.breached_at >= ? AND s.breached_at < ? AND "
                + where.sql()
                + " GROUP BY s.metric",
            SatisfactionReport.params(q, where));
    List<List<Object>> table = new ArrayList<>();
    for (String metric : METRICS) {
      long m = met.getOrDefault(metric, 0L);
      long x = missed.getOrDefault(metric, 0L);
      List<Object> row = new ArrayList<>();
      row.add(metric.toLowerCase(Locale.ROOT));
      row.add(m);
      row.add(x);
      row.add(Report.ratio(m, m + x));
      table.add(row);
    }
    return new Report.Table(List.of("metric", "met", "missed", "achievement"), table);
  }

  private Map<String, Long> perMetric(String query, List<Object> params) {
    Map<String, Long> counts = new HashMap<>();
    for (Object[] r : sql.rows(query, params)) {
      counts.put((String) r[0], ((Number) r[1]).longValue());
    }
    return counts;
  }

  private static ReportSql.Where where(ReportQuery q) {
    return ReportFilters.tickets(q.filter());
  }
}
