package dev.parley.analytics.control;

import dev.parley.chat.control.Presence;
import dev.parley.identity.control.Users;
import dev.parley.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** AN-7: what an admin looks at every morning. */
@ApplicationScoped
public class Overview {

  /** Now, and the last 7 days against the 7 before (each value null when nothing was measured). */
  public record Figures(
      LocalDate today,
      long conversationsToday,
      long ticketsToday,
      long waitingNow,
      long agentsOnline,
      long slaAtRisk,
      Comparison conversations,
      Comparison deflectionRate,
      Comparison suggestionAcceptance,
      Comparison averageScore) {}

  /** A figure over the last 7 days (today included) and over the 7 days before them. */
  public record Comparison(Number last7Days, Number previous7Days) {}

  @Inject ReportSql sql;
  @Inject ConversationReport conversations;
  @Inject TicketReport tickets;
  @Inject BotReport bot;
  @Inject SuggestionReport suggestions;
  @Inject SatisfactionReport satisfaction;
  @Inject Presence presence;
  @Inject Users users;

  public Figures now(ZoneId zone, ReportQuery.Filter filter, Clock clock) {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    ReportQuery day = new ReportQuery(today, today, Grouping.DAY, zone, filter);
    ReportQuery last = day.over(today.minusDays(6), today);
    ReportQuery before = day.over(today.minusDays(13), today.minusDays(7));
    ReportSql.Where waiting =
        ReportFilters.conversations(filter).and("c.state = 'HANDOFF_PENDING'");
    ReportSql.Where atRisk =
        ReportFilters.tickets(filter)
            .and("s.warned = TRUE AND s.breached = FALSE AND s.achieved_at IS NULL");
    return new Figures(
        today,
        total(conversations.of(day), "created"),
        total(tickets.of(day), "created"),
        count("SELECT COUNT(*) FROM conversation c WHERE " + waiting.sql(), waiting),
        presence.online(agentIds()).size(),
        count(
            "SELECT COUNT(DISTINCT s.ticket_id) FROM ticket_sla s JOIN ticket t ON t.id ="
                + " s.ticket_id WHERE "
                + atRisk.sql(),
            atRisk),
        compare(conversations.of(last), conversations.of(before), "created"),
        compare(bot.of(last), bot.of(before), "deflectionRate"),
        compare(suggestions.of(last), suggestions.of(before), "acceptance"),
        compare(satisfaction.of(last), satisfaction.of(before), "averageScore"));
  }

  private java.util.Set<Long> agentIds() {
    return users.all().stream().filter(User::active).map(User::id).collect(Collectors.toSet());
  }

  private long count(String query, ReportSql.Where where) {
    List<Object[]> rows = sql.rows(query, where.params());
    return ((Number) rows.get(0)[0]).longValue();
  }

  private static long total(Report report, String column) {
    return report.totals().get(column).longValue();
  }

  private static Comparison compare(Report last, Report before, String column) {
    Map<String, Number> a = last.totals();
    Map<String, Number> b = before.totals();
    return new Comparison(a.get(column), b.get(column));
  }
}
