package dev.parley.analytics.control;

import static dev.parley.analytics.control.ReportSql.percentile;

import dev.parley.identity.control.Users;
import dev.parley.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * AN-6: each agent's closed conversations, first responses, solved tickets, current load and online
 * time.
 */
@ApplicationScoped
public class AgentReport {

  @Inject ReportSql sql;
  @Inject Users users;

  public Report of(ReportQuery q) {
    ReportSql.Where conversations = ReportFilters.conversations(q.filter());
    Callable<Map<Long, Object[]>> closedQuery =
        () ->
            byAgent(
                "SELECT c.assignee_id, COUNT(*) FROM conversation c WHERE c.closed_at >= ? AND"
                    + " c.closed_at < ? AND c.assignee_id IS NOT NULL AND "
                    + conversations.sql()
                    + " GROUP BY c.assignee_id",
                SatisfactionReport.params(q, conversations));
    Callable<Map<Long, Object[]>> respondedQuery =
        () ->
            byAgent(
                "SELECT c.assignee_id, COUNT(*), "
                    + percentile(0.5, "c.first_response_seconds")
                    + " FROM conversation c WHERE c.first_response_at >= ? AND c.first_response_at < ?"
                    + " AND c.assignee_id IS NOT NULL AND "
                    + conversations.sql()
                    + " GROUP BY c.assignee_id",
                SatisfactionReport.params(q, conversations));
    ReportSql.Where tickets = ReportFilters.tickets(q.filter());
    Callable<Map<Long, Object[]>> solvedQuery =
        () ->
            byAgent(
                "SELECT t.assignee_id, COUNT(*) FROM ticket t WHERE t.solved_at >= ? AND t.solved_at < ?"
                    + " AND t.assignee_id IS NOT NULL AND "
                    + tickets.sql()
                    + " GROUP BY t.assignee_id",
                SatisfactionReport.params(q, tickets));
    Callable<Map<Long, Object[]>> openConversationsQuery =
        () ->
            byAgent(
                "SELECT c.assignee_id, COUNT(*) FROM conversation c WHERE c.state = 'HUMAN' AND"
                    + " c.assignee_id IS NOT NULL AND "
                    + conversations.sql()
                    + " GROUP BY c.assignee_id",
                conversations.params());
    Callable<Map<Long, Object[]>> openTicketsQuery =
        () ->
            byAgent(
                "SELECT t.assignee_id, COUNT(*) FROM ticket t WHERE t.status IN ('NEW', 'OPEN',"
                    + " 'PENDING', 'ON_HOLD') AND t.assignee_id IS NOT NULL AND "
                    + tickets.sql()
                    + " GROUP BY t.assignee_id",
                tickets.params());
    // online time: the part of each online period inside the range (an open one runs until now)
    String start = "CAST(? AS TIMESTAMP WITH TIME ZONE)";
    Object now = ReportSql.timestamp(java.time.Instant.now());
    Callable<Map<Long, Object[]>> onlineQuery =
        () ->
            byAgent(
                "SELECT p.agent_id, SUM("
                    + sql.secondsBetween(
                        "GREATEST(p.started_at, " + start + ")",
                        "LEAST(COALESCE(p.ended_at, " + start + "), " + start + ")")
                    + ") FROM presence_period p WHERE p.status = 'ONLINE' AND p.started_at < ?"
                    + " AND COALESCE(p.ended_at, "
                    + start
                    + ") > "
                    + start
                    + (q.filter().agent() == null ? "" : " AND p.agent_id = ?")
                    + " GROUP BY p.agent_id",
                online(q, now));
    List<Map<Long, Object[]>> results =
        sql.inTwoLanes(
            List.of(
                closedQuery,
                respondedQuery,
                solvedQuery,
                openConversationsQuery,
                openTicketsQuery,
                onlineQuery));
    Map<Long, Object[]> closed = results.get(0);
    Map<Long, Object[]> responded = results.get(1);
    Map<Long, Object[]> solved = results.get(2);
    Map<Long, Object[]> openConversations = results.get(3);
    Map<Long, Object[]> openTickets = results.get(4);
    Map<Long, Object[]> online = results.get(5);
    List<List<Object>> rows = new ArrayList<>();
    for (User u : users.all()) {
      long id = u.id();
      if (q.filter().agent() != null && q.filter().agent() != id) {
        continue;
      }
      boolean any =
          closed.containsKey(id)
              || responded.containsKey(id)
              || solved.containsKey(id)
              || openConversations.containsKey(id)
              || openTickets.containsKey(id);
      if (!any && !u.active()) {
        continue; // people who left, with nothing in the range
      }
      List<Object> row = new ArrayList<>();
      row.add(id);
      row.add(u.displayName());
      row.add(count(closed.get(id)));
      row.add(count(responded.get(id)));
      Object[] r = responded.get(id);
      row.add(r == null || r[2] == null ? null : ((Number) r[2]).doubleValue());
      row.add(count(solved.get(id)));
      row.add(count(openConversations.get(id)));
      row.add(count(openTickets.get(id)));
      Object[] o = online.get(id);
      row.add(o == null || o[1] == null ? 0L : Math.round(((Number) o[1]).doubleValue()));
      rows.add(row);
    }
    return new Report.Builder("agents", q)
        .table(
            "agents",
            new Report.Table(
                List.of(
                    "agent",
                    "name",
                    "conversationsClosed",
                    "firstResponses",
                    "firstResponseMedian",
                    "ticketsSolved",
                    "openConversations",
                    "openTickets",
                    "onlineSeconds"),
                rows))
        .build();
  }

  private static List<Object> online(ReportQuery q, Object now) {
    Object start = ReportSql.timestamp(q.start());
    Object end = ReportSql.timestamp(q.end());
    List<Object> params = new ArrayList<>(List.of(start, now, end, end, now, start));
    if (q.filter().agent() != null) {
      params.add(q.filter().agent());
    }
    return params;
  }

  private Map<Long, Object[]> byAgent(String query, List<Object> params) {
    Map<Long, Object[]> map = new HashMap<>();
    for (Object[] row : sql.rows(query, params)) {
      map.put(((Number) row[0]).longValue(), row);
    }
    return map;
  }

  private static long count(Object[] row) {
    return row == null ? 0 : ((Number) row[1]).longValue();
  }
}
