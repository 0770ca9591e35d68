package dev.parley.ticket.boundary;

import static dev.parley.testing.TicketFixture.id;
import static dev.parley.testing.TicketFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TK-7: SLA clocks over HTTP. Targets of a few seconds (the test server checks every second) show
 * warnings and breaches raised with no request in flight, clocks paused while pending, met targets,
 * and due times counted in the team's business hours.
 */
class SlaIT {

  @BeforeAll
  static void urgentTicketsHaveSecondsToAnswer() {
    Parley.Reply policy =
        Parley.call(
            "PUT",
            "/api/v1/sla-policies/urgent",
            Parley.admin(),
            "{\"firstResponse\":\"PT4S\",\"resolution\":\"PT1H\"}");
    assertEquals(200, policy.status(), policy.toString());
  }

  private static List<String> slaAudit(long id, String token) {
    return Parley.get("/api/v1/tickets/" + id + "/audit", token).array().stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> e.getString("field").startsWith("sla."))
        .map(
            e ->
                e.getJsonObject("actor").getString("kind")
                    + " "
                    + e.getString("field")
                    + " "
                    + e.getString("to"))
        .toList();
  }

  private static JsonObject clock(JsonObject ticket, String metric) {
    return ticket.getJsonArray("sla").stream()
        .map(JsonValue::asJsonObject)
        .filter(c -> c.getString("metric").equals(metric))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " clock in " + ticket));
  }

  @Test
  void anUnansweredTicketWarnsThenBreachesWithNoRequestInFlight() throws Exception {
    TicketFixture f = TicketFixture.create();
    JsonObject t = f.ticket(f.draft("Breach").add("priority", "urgent"));
    long id = id(t);
    JsonObject first = clock(t, "first_response");
    assertEquals("running", first.getString("state"));
    assertEquals("PT4S", first.getString("target"));
    Instant due = OffsetDateTime.parse(first.getString("dueAt")).toInstant();
    Instant created = OffsetDateTime.parse(t.getString("createdAt")).toInstant();
    assertEquals(Duration.ofSeconds(4), Duration.between(created, due).withNanos(0));
    Instant deadline = Instant.now().plusSeconds(20);
    List<String> audit = List.of();
    while (Instant.now().isBefore(deadline)) {
      audit = slaAudit(id, f.agentToken);
      if (audit.contains("automation sla.first_response breached")) {
        break;
      }
      Thread.sleep(250);
    }
    assertEquals(
        List.of("automation sla.first_response warning", "automation sla.first_response breached"),
        audit);
    JsonObject after = Parley.get("/api/v1/tickets/" + id, f.agentToken).json();
    assertEquals("breached", clock(after, "first_response").getString("state"));
    assertEquals("running", clock(after, "resolution").getString("state"));
    // lists show the clocks too (they were a 500 once tickets had any: RobustnessIT found it)
    Parley.Reply list = Parley.get("/api/v1/tickets?team=" + f.teamId, f.agentToken);
    assertEquals(200, list.status(), list.body());
    JsonObject listed = list.json().getJsonArray("tickets").getJsonObject(0);
    assertEquals("breached", clock(listed, "first_response").getString("state"));
  }

  @Test
  void aPendingTicketsClocksPauseAndAnAnsweredOneMeetsItsTarget() throws Exception {
    TicketFixture f = TicketFixture.create();
    long paused =
        id(f.ticket(f.draft("Paused").add("priority", "urgent").add("status", "pending")));
    long answered = id(f.ticket(f.draft("Answered").add("priority", "urgent")));
    Parley.Reply reply =
        Parley.post(
            "/api/v1/tickets/" + answered + "/comments", f.agentToken, "{\"body\":\"On it\"}");
    assertEquals(201, reply.status(), reply.toString());
    JsonObject pausedTicket = Parley.get("/api/v1/tickets/" + paused, f.agentToken).json();
    assertEquals("paused", clock(pausedTicket, "first_response").getString("state"));
    assertTrue(clock(pausedTicket, "first_response").isNull("dueAt"));
    Thread.sleep(6_000);
    assertEquals(List.of(), slaAudit(paused, f.agentToken), "paused clocks do not breach");
    assertEquals(List.of(), slaAudit(answered, f.agentToken), "met in time");
    JsonObject met = Parley.get("/api/v1/tickets/" + answered, f.agentToken).json();
    assertEquals("achieved", clock(met, "first_response").getString("state"));
    assertEquals("open", met.getString("status"));

    Parley.Reply resumed = patch(paused, f.agentToken, "{\"status\":\"open\"}");
    JsonObject running = clock(resumed.json(), "first_response");
    assertEquals("running", running.getString("state"));
    Instant due = OffsetDateTime.parse(running.getString("dueAt")).toInstant();
    assertTrue(
        due.isAfter(Instant.now().plusSeconds(2)), "the paused time does not count: due " + due);
  }

  @Test
  void dueTimesCountTheTeamsBusinessHoursOnly() {
    TicketFixture f = TicketFixture.create();
    LocalDate open = LocalDate.now(ZoneOffset.UTC).plusDays(3);
    DayOfWeek day = open.getDayOfWeek();
    Parley.Reply hours =
        Parley.call(
            "PUT",
            "/api/v1/teams/" + f.teamId + "/business-hours",
            Parley.admin(),
            "{\"timeZone\":\"UTC\",\"weekly\":{\""
                + day.name().toLowerCase(Locale.ROOT)
                + "\":[[\"09:00\",\"17:00\"]]}}");
    assertEquals(200, hours.status(), hours.toString());
    JsonObject t = f.ticket(f.draft("Office hours").add("priority", "urgent"));
    assertEquals(
        open.atTime(9, 0, 4).atOffset(ZoneOffset.UTC).toInstant(),
        OffsetDateTime.parse(clock(t, "first_response").getString("dueAt")).toInstant(),
        "four business seconds after the next opening");
    Parley.Reply wrong =
        Parley.call(
            "PUT",
            "/api/v1/teams/" + f.teamId + "/business-hours",
            Parley.admin(),
            "{\"timeZone\":\"Mars/Olympus\",\"weekly\":{}}");
    assertEquals(422, wrong.status());
    assertFalse(slaAudit(id(t), f.agentToken).contains("automation sla.first_response breached"));
  }
}
