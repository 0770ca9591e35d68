package dev.parley.ticket.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.entity.BusinessHours;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TK-2, TK-7: the ticket guards its transitions and runs its SLA clocks. */
class TicketTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static SlaTerms terms(String first, String next, String resolution) {
    SlaPolicy policy = new SlaPolicy(Priority.HIGH);
    policy.change(
        first == null ? null : Duration.parse(first),
        next == null ? null : Duration.parse(next),
        resolution == null ? null : Duration.parse(resolution));
    return new SlaTerms(policy, BusinessHours.ALWAYS, 0.75);
  }

  private static Ticket ticket() {
    return new Ticket(
        "Subject",
        "Description",
        new Contact("Ada", "ada@example.com", null),
        Priority.HIGH,
        TicketType.INCIDENT,
        "api",
        T0);
  }

  private static SlaClock clock(Ticket t, SlaMetric metric) {
    return t.sla().stream().filter(c -> c.metric() == metric).findFirst().orElseThrow();
  }

  @Test
  void transitionsAreGuardedAndNameTheAllowedOnes() {
    Ticket t = ticket();
    SlaTerms none = terms(null, null, null);
    Conflict conflict =
        assertThrows(Conflict.class, () -> t.changeStatus(TicketStatus.CLOSED, Set.of(), none, T0));
    assertTrue(conflict.getMessage().contains("allowed: open, pending, on_hold, solved"));
    t.changeStatus(TicketStatus.SOLVED, Set.of(), none, T0);
    t.changeStatus(TicketStatus.OPEN, Set.of(), none, T0);
    assertNull(t.solvedAt(), "reopened");
    t.changeStatus(TicketStatus.SOLVED, Set.of(), none, T0);
    t.changeStatus(TicketStatus.CLOSED, Set.of(), none, T0);
    for (TicketStatus any : TicketStatus.values()) {
      if (any != TicketStatus.CLOSED) {
        assertThrows(Conflict.class, () -> t.changeStatus(any, Set.of(), none, T0));
      }
    }
    assertEquals(
        List.of("new>solved", "solved>open", "open>solved", "solved>closed"),
        t.drainChanges().stream().map(c -> c.from() + ">" + c.to()).toList());
  }

  @Test
  void solvingNeedsTheRequiredFields() {
    Ticket t = ticket();
    Invalid invalid =
        assertThrows(
            Invalid.class,
            () ->
                t.changeStatus(
                    TicketStatus.SOLVED, Set.of("product"), terms(null, null, null), T0));
    assertEquals(Set.of("customFields/product"), invalid.fields().keySet());
    assertEquals(TicketStatus.NEW, t.status());
  }

  @Test
  void pendingPausesTheClocksAndTheRestOfTheTargetCountsAfter() {
    SlaTerms terms = terms("PT1H", null, "PT8H");
    Ticket t = ticket();
    t.startSla(terms, T0);
    assertEquals(
        T0.plus(Duration.ofHours(1)), clock(t, SlaMetric.FIRST_RESPONSE).dueAt().toInstant());
    t.changeStatus(TicketStatus.PENDING, Set.of(), terms, T0.plus(Duration.ofMinutes(20)));
    assertNull(clock(t, SlaMetric.FIRST_RESPONSE).dueAt());
    assertEquals("paused", clock(t, SlaMetric.FIRST_RESPONSE).state());
    Instant back = T0.plus(Duration.ofHours(5));
    t.changeStatus(TicketStatus.OPEN, Set.of(), terms, back);
    assertEquals(
        back.plus(Duration.ofMinutes(40)),
        clock(t, SlaMetric.FIRST_RESPONSE).dueAt().toInstant(),
        "20 of 60 minutes were used before the pause");
    assertEquals(List.of(), t.checkSla(back.plus(Duration.ofMinutes(24))));
    List<Ticket.SlaAlert> warned = t.checkSla(back.plus(Duration.ofMinutes(26)));
    assertEquals(1, warned.size(), "75% of the hour is used at 45 minutes: " + warned);
    assertEquals(SlaClock.Alert.WARNING, warned.get(0).alert());
    t.drainAlerts();
    List<Ticket.SlaAlert> breached = t.checkSla(back.plus(Duration.ofMinutes(40)));
    assertEquals(SlaClock.Alert.BREACH, breached.get(0).alert());
    t.drainAlerts();
    assertEquals(List.of(), t.checkSla(back.plus(Duration.ofHours(3))), "each alert once");
  }

  @Test
  void aReplyMeetsTheResponseTargetsAndTheRequesterStartsTheNextOne() {
    SlaTerms terms = terms("PT1H", "PT2H", null);
    Ticket t = ticket();
    t.startSla(terms, T0);
    t.staffReplied(terms, T0.plus(Duration.ofMinutes(10)));
    assertEquals("achieved", clock(t, SlaMetric.FIRST_RESPONSE).state());
    assertEquals(TicketStatus.OPEN, t.status());
    Instant asked = T0.plus(Duration.ofMinutes(30));
    t.requesterReplied(terms, asked);
    assertEquals(
        asked.plus(Duration.ofHours(2)), clock(t, SlaMetric.NEXT_RESPONSE).dueAt().toInstant());
    t.staffReplied(terms, asked.plus(Duration.ofHours(3)));
    SlaClock late = clock(t, SlaMetric.NEXT_RESPONSE);
    assertEquals("breached", late.state(), "met, but late");
    assertEquals(
        List.of(SlaClock.Alert.BREACH),
        t.drainAlerts().stream().map(Ticket.SlaAlert::alert).toList());
  }

  @Test
  void aReopenedTicketsResolutionCountsOn() {
    SlaTerms terms = terms(null, null, "PT4H");
    Ticket t = ticket();
    t.startSla(terms, T0);
    t.changeStatus(TicketStatus.SOLVED, Set.of(), terms, T0.plus(Duration.ofHours(1)));
    assertEquals("achieved", clock(t, SlaMetric.RESOLUTION).state());
    Instant reopened = T0.plus(Duration.ofDays(1));
    t.changeStatus(TicketStatus.OPEN, Set.of(), terms, reopened);
    assertEquals(
        reopened.plus(Duration.ofHours(3)), clock(t, SlaMetric.RESOLUTION).dueAt().toInstant());
  }

  @Test
  void aPriorityChangeRecountsUnderTheNewTarget() {
    SlaTerms high = terms("PT4H", null, null);
    SlaTerms urgent = terms("PT1H", null, null);
    Ticket t = ticket();
    t.startSla(high, T0);
    Instant later = T0.plus(Duration.ofMinutes(30));
    t.reapplySla(high, urgent, later);
    assertEquals(
        later.plus(Duration.ofMinutes(30)), clock(t, SlaMetric.FIRST_RESPONSE).dueAt().toInstant());
  }

  @Test
  void tagsAreNormalizedAndChecked() {
    Ticket t = ticket();
    t.retag(Set.of("Billing", "vip"));
    assertEquals(Set.of("billing", "vip"), t.tags());
    assertThrows(Invalid.class, () -> t.retag(Set.of("two words")));
  }
}
