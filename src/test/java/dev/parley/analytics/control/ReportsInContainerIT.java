package dev.parley.analytics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.testing.InContainer;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AN-1..AN-6: every figure of a week whose history is known ({@link KnownHistory}: conversations,
 * tickets, SLA targets, ratings, bot outcomes and suggestions at chosen times across business
 * hours), worked out by hand. Each test builds its own week in fresh inboxes and a fresh team.
 */
@ExtendWith(ArquillianExtension.class)
class ReportsInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(ReportsInContainerIT.class).addClass(KnownHistory.class);
  }

  @Inject KnownHistory history;
  @Inject ConversationReport conversations;
  @Inject TicketReport tickets;
  @Inject SatisfactionReport satisfaction;
  @Inject BotReport bot;
  @Inject SuggestionReport suggestions;
  @Inject AgentReport agents;

  KnownHistory.Ids ids;

  @BeforeEach
  void build() {
    ids = history.build();
  }

  private ReportQuery week(Grouping grouping, ReportQuery.Filter filter) {
    return new ReportQuery(
        LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 8), grouping, KnownHistory.BERLIN, filter);
  }

  private ReportQuery.Filter inbox() {
    return new ReportQuery.Filter(ids.inbox(), null, null, null, null);
  }

  private ReportQuery.Filter team() {
    return new ReportQuery.Filter(null, ids.team(), null, null, null);
  }

  /** A column over the seven days of the week, Monday first. */
  private static List<Number> days(Report r, String column) {
    List<Number> values = new ArrayList<>();
    for (Report.Bucket b : r.series()) {
      values.add(b.values().get(column));
    }
    return values;
  }

  private static List<Number> longs(long... values) {
    List<Number> list = new ArrayList<>();
    for (long v : values) {
      list.add(v);
    }
    return list;
  }

  @Test
  void conversationsPerDayAndClocksInBusinessHours() {
    Report r = conversations.of(week(Grouping.DAY, inbox()));
    assertEquals(7, r.series().size());
    assertEquals(LocalDateTime.of(2026, 3, 2, 0, 0), r.series().get(0).start());
    assertEquals(longs(2, 1, 1, 1, 1, 0, 0), days(r, "created"));
    assertEquals(longs(2, 0, 1, 0, 1, 0, 0), days(r, "handedOff"));
    assertEquals(longs(1, 1, 0, 0, 0, 1, 0), days(r, "firstResponses"));
    assertEquals(longs(1, 2, 0, 1, 0, 1, 0), days(r, "resolved"));
    // first responses: C1 10 min, C2 5 + 10 min across the night, C5 30 min (Saturday is closed)
    assertEquals(600.0, days(r, "firstResponseMedian").get(0));
    assertEquals(900.0, days(r, "firstResponseMedian").get(1));
    assertEquals(1800.0, days(r, "firstResponseMedian").get(5));
    assertNull(days(r, "firstResponseMedian").get(2));
    // resolutions: C1 60 min, C2 65 min; C3 (the bot's) and C6 (never handed off) have none
    assertEquals(3600.0, days(r, "resolutionMedian").get(0));
    assertEquals(3900.0, days(r, "resolutionMedian").get(1));
    assertNull(days(r, "resolutionMedian").get(3));
    assertEquals(1800.0, days(r, "resolutionMedian").get(5));

    Map<String, Number> t = r.totals();
    assertEquals(6L, t.get("created"));
    assertEquals(4L, t.get("handedOff"));
    assertEquals(3L, t.get("firstResponses"));
    assertEquals(900.0, t.get("firstResponseMedian"));
    assertEquals(1620.0, (double) t.get("firstResponseP90"), 1e-9); // 900 + 0.8 × 900
    assertEquals(5L, t.get("resolved"));
    assertEquals(3600.0, t.get("resolutionMedian"));
    assertEquals(3840.0, (double) t.get("resolutionP90"), 1e-9); // 3600 + 0.8 × 300
  }

  @Test
  void groupingsAndFiltersAgree() {
    Report weekly = conversations.of(week(Grouping.WEEK, inbox()));
    assertEquals(1, weekly.series().size());
    assertEquals(6L, weekly.series().get(0).values().get("created"));
    assertEquals(900.0, weekly.series().get(0).values().get("firstResponseMedian"));
    Report hourly = conversations.of(week(Grouping.HOUR, inbox()));
    assertEquals(7 * 24, hourly.series().size());
    assertEquals(1L, hourly.series().get(10).values().get("created")); // Monday 10:00
    assertEquals(1L, hourly.series().get(16).values().get("created")); // Monday 16:50
    // the team's: C7 of the other inbox too, but not C3 and C6, which the bot kept (no team)
    Report team = conversations.of(week(Grouping.DAY, team()));
    assertEquals(5L, team.totals().get("created"));
    assertEquals(4L, team.totals().get("firstResponses"));
    // an email channel has no conversations
    Report email =
        conversations.of(
            week(Grouping.DAY, new ReportQuery.Filter(ids.inbox(), null, null, null, "email")));
    assertEquals(0L, email.totals().get("created"));
    Report agent =
        conversations.of(
            week(Grouping.DAY, new ReportQuery.Filter(ids.inbox(), null, ids.agent(), null, null)));
    assertEquals(3L, agent.totals().get("resolved")); // C1, C2, C5
  }

  @Test
  void ticketsAndSlaAchievement() {
    Report r = tickets.of(week(Grouping.DAY, team()));
    assertEquals(longs(2, 0, 0, 1, 0, 0, 0), days(r, "created"));
    assertEquals(longs(1, 1, 0, 0, 0, 0, 0), days(r, "firstResponses"));
    assertEquals(longs(1, 0, 1, 0, 0, 0, 0), days(r, "solved"));
    Map<String, Number> t = r.totals();
    assertEquals(3L, t.get("created"));
    // K1 30 min; K2 from Monday 16:00 to Tuesday 10:00 is 2 business hours
    assertEquals(4500.0, t.get("firstResponseMedian"));
    assertEquals(6660.0, (double) t.get("firstResponseP90"), 1e-9);
    // K1 4 h; K2 Monday 1 h + Tuesday 8 h + Wednesday 3 h
    assertEquals(2L, t.get("solved"));
    assertEquals(28800.0, t.get("resolutionMedian"));
    assertEquals(40320.0, (double) t.get("resolutionP90"), 1e-9);

    Report.Table sla = r.tables().get("sla");
    assertEquals(List.of("metric", "met", "missed", "achievement"), sla.columns());
    assertEquals(List.of("first_response", 1L, 2L, 1.0 / 3), sla.rows().get(0));
    assertEquals("next_response", sla.rows().get(1).get(0));
    assertEquals(0L, sla.rows().get(1).get(1));
    assertNull(sla.rows().get(1).get(3));
    assertEquals(List.of("resolution", 1L, 2L, 1.0 / 3), sla.rows().get(2));

    Report email =
        tickets.of(
            week(Grouping.DAY, new ReportQuery.Filter(null, ids.team(), null, null, "email")));
    assertEquals(2L, email.totals().get("created")); // K1, K3
  }

  @Test
  void satisfaction() {
    Report r = satisfaction.of(week(Grouping.DAY, inbox()));
    assertEquals(longs(1, 2, 0, 1, 0, 1, 0), days(r, "closed"));
    assertEquals(longs(1, 1, 0, 0, 0, 1, 0), days(r, "ratings"));
    Map<String, Number> t = r.totals();
    assertEquals(5L, t.get("closed"));
    assertEquals(3L, t.get("ratings"));
    assertEquals(11.0 / 3, (double) t.get("averageScore"), 1e-9);
    assertEquals(2L, t.get("satisfied"));
    assertEquals(0.6, (double) t.get("responseRate"), 1e-9);
    assertEquals(2.0 / 3, (double) t.get("satisfiedShare"), 1e-9);
    assertEquals(
        List.of(List.of(1, 0L), List.of(2, 1L), List.of(3, 0L), List.of(4, 1L), List.of(5, 1L)),
        r.tables().get("distribution").rows());
    List<List<Object>> comments = r.tables().get("comments").rows();
    assertEquals(2, comments.size());
    assertEquals("Slow, but fine", comments.get(0).get(3)); // latest first
    assertEquals(2, ((Number) comments.get(0).get(2)).intValue());
    assertEquals("Great help", comments.get(1).get(3));
  }

  @Test
  void botDeflectionAndHandoffReasons() {
    Report r = bot.of(week(Grouping.DAY, inbox()));
    assertEquals(longs(2, 1, 1, 1, 0, 0, 0), days(r, "conversations"));
    Map<String, Number> t = r.totals();
    assertEquals(5L, t.get("conversations"));
    assertEquals(1L, t.get("resolvedByBot"));
    assertEquals(3L, t.get("handedOff"));
    assertEquals(1L, t.get("otherOutcome"));
    assertEquals(0.2, (double) t.get("deflectionRate"), 1e-9);
    assertEquals(0.6, (double) t.get("handoffRate"), 1e-9);
    assertEquals(
        List.of(
            List.of("asked_for_human", 1L), List.of("not_helped", 1L), List.of("out_of_scope", 1L)),
        r.tables().get("handoffReasons").rows());
  }

  @Test
  void suggestionOutcomesPerPromptVersionAndModel() {
    Report r = suggestions.of(week(Grouping.DAY, inbox()));
    assertEquals(longs(2, 3, 0, 0, 0, 0, 0), days(r, "shown"));
    Map<String, Number> t = r.totals();
    assertEquals(5L, t.get("shown"));
    assertEquals(1L, t.get("sent"));
    assertEquals(2L, t.get("sentEdited"));
    assertEquals(1L, t.get("dismissed"));
    assertEquals(1L, t.get("notActedOn"));
    assertEquals(0.6, (double) t.get("acceptance"), 1e-9);
    assertEquals(4.5, t.get("medianEditDistance")); // edits of 1 and 8 characters
    List<List<Object>> byPrompt = r.tables().get("byPrompt").rows();
    assertEquals(
        java.util.Arrays.asList("reply", "3", "model-a", 3L, 1L, 2L, 0L, 1.0, 4.5),
        byPrompt.get(0));
    assertEquals(
        java.util.Arrays.asList("reply", "4", "model-b", 2L, 0L, 0L, 1L, 0.0, null),
        byPrompt.get(1));
  }

  @Test
  void agents() {
    Report r =
        agents.of(
            week(Grouping.DAY, new ReportQuery.Filter(null, ids.team(), ids.agent(), null, null)));
    List<List<Object>> rows = r.tables().get("agents").rows();
    assertEquals(1, rows.size());
    List<Object> row = rows.get(0);
    assertEquals(ids.agent(), row.get(0));
    assertEquals(4L, row.get(2)); // closed C1, C2, C5, C7
    assertEquals(4L, row.get(3)); // first responses 600, 900, 1800, 1200
    assertEquals(1050.0, row.get(4));
    assertEquals(2L, row.get(5)); // K1, K2 solved
    assertEquals(0L, row.get(6));
    assertEquals(1L, row.get(7)); // K3 still open
    assertEquals(9 * 3600L, row.get(8)); // online: 30 min + 3 h 30 + 4 h + 1 h (KnownHistory)
  }
}
