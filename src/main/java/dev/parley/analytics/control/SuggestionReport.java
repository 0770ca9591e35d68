package dev.parley.analytics.control;

import static dev.parley.analytics.control.ReportSql.percentile;

import dev.parley.analytics.control.ReportQuery.Filter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** AN-5: what agents did with reply suggestions, in all and per prompt version and model. */
@ApplicationScoped
public class SuggestionReport {

  /** The decisions, with their conversations only when a filter needs them. */
  private static String from(Filter f) {
    return f.inbox() == null && f.team() == null && f.topic() == null
        ? "ai_decision d"
        : "ai_decision d JOIN conversation c ON c.id = d.conversation_id";
  }

  private static final String OUTCOMES =
      "COUNT(*), SUM(CASE WHEN d.outcome = 'SENT' THEN 1 ELSE 0 END), SUM(CASE WHEN d.outcome ="
          + " 'SENT_EDITED' THEN 1 ELSE 0 END), SUM(CASE WHEN d.outcome = 'DISMISSED' THEN 1 ELSE"
          + " 0 END), "
          + percentile(0.5, "CASE WHEN d.outcome = 'SENT_EDITED' THEN d.edit_distance END");

  @Inject ReportSql sql;

  public Report of(ReportQuery q) {
    List<Object> both =
        sql.inTwoLanes(
            List.<Callable<Object>>of(
                () -> sql.grouped(q, "d.created_at", OUTCOMES, from(q.filter()), where(q.filter())),
                () -> byPrompt(q)));
    Grouped shown = (Grouped) both.get(0);
    return new Report.Builder("suggestions", q)
        .column("shown", shown, 0, true)
        .column("sent", shown, 1, true)
        .column("sentEdited", shown, 2, true)
        .column("dismissed", shown, 3, true)
        .derived(
            "notActedOn",
            v ->
                v.get("shown").longValue()
                    - v.get("sent").longValue()
                    - v.get("sentEdited").longValue()
                    - v.get("dismissed").longValue())
        .derived(
            "acceptance",
            v ->
                Report.ratio(
                    v.get("sent").longValue() + v.get("sentEdited").longValue(), v.get("shown")))
        .column("medianEditDistance", shown, 4, false)
        .table("byPrompt", (Report.Table) both.get(1))
        .build();
  }

  private Report.Table byPrompt(ReportQuery q) {
    ReportSql.Where where = where(q.filter());
    List<Object[]> rows =
        sql.rows(
            "SELECT d.prompt_name, d.prompt_version, d.model, "
                + OUTCOMES
                + " FROM "
                + from(q.filter())
                + " WHERE d.created_at >= ? AND d.created_at < ? AND "
                + where.sql()
                + " GROUP BY d.prompt_name, d.prompt_version, d.model ORDER BY d.prompt_name,"
                + " d.prompt_version, d.model",
            SatisfactionReport.params(q, where));
    List<List<Object>> table = new ArrayList<>();
    for (Object[] r : rows) {
      long shown = ((Number) r[3]).longValue();
      long sent = ((Number) r[4]).longValue();
      long edited = ((Number) r[5]).longValue();
      List<Object> row = new ArrayList<>();
      row.add(r[0]);
      row.add(r[1]);
      row.add(r[2]);
      row.add(shown);
      row.add(sent);
      row.add(edited);
      row.add(((Number) r[6]).longValue());
      row.add(Report.ratio(sent + edited, shown));
      row.add(r[7] == null ? null : ((Number) r[7]).doubleValue());
      table.add(row);
    }
    return new Report.Table(
        List.of(
            "prompt",
            "version",
            "model",
            "shown",
            "sent",
            "sentEdited",
            "dismissed",
            "acceptance",
            "medianEditDistance"),
        table);
  }

  private static ReportSql.Where where(Filter f) {
    ReportSql.Where w =
        new ReportSql.Where()
            .and("d.kind = 'REPLY'")
            .andIf(f.inbox(), "c.inbox_id = ?")
            .andIf(f.team(), "c.team_id = ?")
            .andIf(f.agent(), "d.decided_by = ?")
            .andIf(f.topic(), "c.topic_id = ?");
    if (f.channel() != null && !f.channel().equals("chat")) {
      w.and("1 = 0");
    }
    return w;
  }
}
