package dev.parley.analytics.boundary;

import dev.parley.analytics.control.Overview;
import dev.parley.analytics.control.Report;
import dev.parley.analytics.control.ReportQuery;
import dev.parley.platform.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Reports as JSON, by hand: their columns are data (each report has its own), so a record per
 * report would only restate them.
 */
final class ReportJson {

  private ReportJson() {}

  static JsonObject of(Report report) {
    ReportQuery q = report.query();
    JsonObjectBuilder filters = Jsons.object();
    ReportQuery.Filter f = q.filter();
    addIf(filters, "inbox", f.inbox());
    addIf(filters, "team", f.team());
    addIf(filters, "agent", f.agent());
    addIf(filters, "topic", f.topic());
    if (f.channel() != null) {
      filters.add("channel", f.channel());
    }
    JsonObjectBuilder json =
        Jsons.object()
            .add("report", report.name())
            .add("from", q.from().toString())
            .add("to", q.to().toString())
            .add("group", q.grouping().wire())
            .add("timeZone", q.zone().getId())
            .add("filters", filters);
    if (!report.columns().isEmpty()) {
      json.add("columns", Jsons.array(report.columns()));
      JsonArrayBuilder series = Jsons.array();
      for (Report.Bucket b : report.series()) {
        JsonObjectBuilder point = Jsons.object().add("start", start(b.start(), q.zone()));
        values(point, b.values());
        series.add(point);
      }
      json.add("series", series);
      JsonObjectBuilder totals = Jsons.object();
      values(totals, report.totals());
      json.add("totals", totals);
    }
    JsonObjectBuilder tables = Jsons.object();
    report.tables().forEach((name, table) -> tables.add(name, table(table)));
    json.add("tables", tables);
    return json.build();
  }

  static JsonObject of(Overview.Figures o, ZoneId zone) {
    return Jsons.object()
        .add("today", o.today().toString())
        .add("timeZone", zone.getId())
        .add("conversationsToday", o.conversationsToday())
        .add("ticketsToday", o.ticketsToday())
        .add("waitingNow", o.waitingNow())
        .add("agentsOnline", o.agentsOnline())
        .add("slaAtRisk", o.slaAtRisk())
        .add("conversations", comparison(o.conversations()))
        .add("deflectionRate", comparison(o.deflectionRate()))
        .add("suggestionAcceptance", comparison(o.suggestionAcceptance()))
        .add("averageScore", comparison(o.averageScore()))
        .build();
  }

  private static JsonObjectBuilder comparison(Overview.Comparison c) {
    JsonObjectBuilder json = Jsons.object();
    number(json, "last7Days", c.last7Days());
    number(json, "previous7Days", c.previous7Days());
    return json;
  }

  /** A bucket's local start with the zone's offset at that time. */
  static String start(LocalDateTime local, ZoneId zone) {
    return local.atZone(zone).toOffsetDateTime().toString();
  }

  private static JsonObject table(Report.Table table) {
    JsonArrayBuilder rows = Jsons.array();
    for (List<Object> row : table.rows()) {
      JsonArrayBuilder r = Jsons.array();
      for (Object v : row) {
        if (v == null) {
          r.addNull();
        } else if (v instanceof Double d) {
          r.add(d);
        } else if (v instanceof Number n) {
          r.add(n.longValue());
        } else {
          r.add(v.toString());
        }
      }
      rows.add(r);
    }
    return Jsons.object().add("columns", Jsons.array(table.columns())).add("rows", rows).build();
  }

  private static void values(JsonObjectBuilder json, Map<String, Number> values) {
    values.forEach((k, v) -> number(json, k, v));
  }

  private static void number(JsonObjectBuilder json, String key, Number v) {
    if (v == null) {
      json.addNull(key);
    } else if (v instanceof Double d) {
      json.add(key, d);
    } else {
      json.add(key, v.longValue());
    }
  }

  private static void addIf(JsonObjectBuilder json, String key, Long value) {
    if (value != null) {
      json.add(key, value);
    }
  }
}
