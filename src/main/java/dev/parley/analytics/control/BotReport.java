package dev.parley.analytics.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** AN-4: what became of the conversations the bot started: resolved by it, handed off and why. */
@ApplicationScoped
public class BotReport {

  /** A handoff with no reason recorded: an agent took the conversation over from the bot. */
  static final String TAKEN_OVER = "agent_took_over";

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    List<Object> parts =
        sql.inTwoLanes(
            List.<Callable<Object>>of(
                () ->
                    sql.grouped(
                        q,
                        "c.created_at",
                        "COUNT(*), SUM(CASE WHEN c.bot_resolved THEN 1 ELSE 0 END), SUM(CASE WHEN"
                            + " c.handed_off_at IS NOT NULL THEN 1 ELSE 0 END)",
                        "conversation c",
                        where(q)),
                () -> reasons(q)));
    Grouped started = (Grouped) parts.get(0);
    return new Report.Builder("bot", q)
        .column("conversations", started, 0, true)
        .column("resolvedByBot", started, 1, true)
        .column("handedOff", started, 2, true)
        .derived(
            "otherOutcome",
            v ->
                v.get("conversations").longValue()
                    - v.get("resolvedByBot").longValue()
                    - v.get("handedOff").longValue())
        .derived(
            "deflectionRate", v -> Report.ratio(v.get("resolvedByBot"), v.get("conversations")))
        .derived("handoffRate", v -> Report.ratio(v.get("handedOff"), v.get("conversations")))
        .table("handoffReasons", (Report.Table) parts.get(1))
        .build();
  }

  private Report.Table reasons(ReportQuery q) {
    ReportSql.Where where = where(q).and("c.handed_off_at IS NOT NULL");
    List<Object[]> rows =
        sql.rows(
            "SELECT COALESCE(c.handoff_reason, '"
                + TAKEN_OVER
                + "') AS reason, COUNT(*) AS n FROM conversation c WHERE c.created_at >= ? AND"
                + " c.created_at < ? AND "
                + where.sql()
                + " GROUP BY COALESCE(c.handoff_reason, '"
                + TAKEN_OVER
                + "') ORDER BY n DESC, reason",
            SatisfactionReport.params(q, where));
    List<List<Object>> table = new ArrayList<>();
    for (Object[] r : rows) {
      table.add(List.of(r[0], ((Number) r[1]).longValue()));
    }
    return new Report.Table(List.of("reason", "conversations"), table);
  }

  private static ReportSql.Where where(ReportQuery q) {
    return ReportFilters.conversations(q.filter()).and("c.started_with_bot = TRUE");
  }
}
