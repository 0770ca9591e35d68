package dev.parley.analytics.control;

import static dev.parley.analytics.control.ReportSql.percentile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;

/** AN-1: conversations created, handed off and resolved, first response and resolution times. */
@ApplicationScoped
public class ConversationReport {

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    String from = "conversation c";
    String percentiles = percentile(0.5, "%1$s") + ", " + percentile(0.9, "%1$s");
    List<Grouped> g =
        sql.inTwoLanes(
            List.<Callable<Grouped>>of(
                () -> sql.grouped(q, "c.created_at", "COUNT(*)", from, where(q)),
                () -> sql.grouped(q, "c.handed_off_at", "COUNT(*)", from, where(q)),
                () ->
                    sql.grouped(
                        q,
                        "c.first_response_at",
                        "COUNT(*), " + percentiles.formatted("c.first_response_seconds"),
                        from,
                        where(q)),
                () ->
                    sql.grouped(
                        q,
                        "c.closed_at",
                        "COUNT(*), " + percentiles.formatted("c.resolution_seconds"),
                        from,
                        where(q))));
    Grouped created = g.get(0);
    Grouped handedOff = g.get(1);
    Grouped responded = g.get(2);
    Grouped closed = g.get(3);
    return new Report.Builder("conversations", q)
        .column("created", created, 0, true)
        .column("handedOff", handedOff, 0, true)
        .column("firstResponses", responded, 0, true)
        .column("firstResponseMedian", responded, 1, false)
        .column("firstResponseP90", responded, 2, false)
        .column("resolved", closed, 0, true)
        .column("resolutionMedian", closed, 1, false)
        .column("resolutionP90", closed, 2, false)
        .build();
  }

  private static ReportSql.Where where(ReportQuery q) {
    return ReportFilters.conversations(q.filter());
  }
}
