package dev.parley.analytics.control;

import static dev.parley.analytics.control.ReportSql.percentile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** AN-1: conversations created, handed off and resolved, first response and resolution times. */
@ApplicationScoped
public class ConversationReport {

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    String from = "conversation c";
    Grouped created = sql.grouped(q, "c.created_at", "COUNT(*)", from, where(q));
    Grouped handedOff = sql.grouped(q, "c.handed_off_at", "COUNT(*)", from, where(q));
    Grouped responded =
        sql.grouped(
            q,
            "c.first_response_at",
            "COUNT(*), "
                + percentile(0.5, "c.first_response_seconds")
                + ", "
                + percentile(0.9, "c.first_response_seconds"),
            from,
            where(q));
    Grouped closed =
        sql.grouped(
            q,
            "c.closed_at",
            "COUNT(*), "
                + percentile(0.5, "c.resolution_seconds")
                + ", "
                + percentile(0.9, "c.resolution_seconds"),
            from,
            where(q));
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
