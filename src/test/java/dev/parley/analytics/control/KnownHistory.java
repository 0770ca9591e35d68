package dev.parley.analytics.control;

import dev.parley.assist.entity.AiDecision;
import dev.parley.assist.entity.DecisionKind;
import dev.parley.assist.entity.DecisionSource;
import dev.parley.assist.entity.Outcome;
import dev.parley.chat.control.Inboxes;
import dev.parley.chat.control.Presence;
import dev.parley.chat.control.PresenceLog;
import dev.parley.chat.entity.Conversation;
import dev.parley.identity.control.Teams;
import dev.parley.identity.control.Users;
import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Role;
import dev.parley.ticket.entity.Contact;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.SlaPolicy;
import dev.parley.ticket.entity.SlaTerms;
import dev.parley.ticket.entity.Ticket;
import dev.parley.ticket.entity.TicketStatus;
import dev.parley.ticket.entity.TicketType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A week of helpdesk work with chosen timestamps (Monday 2 to Sunday 8 March 2026, Berlin), built
 * through the entities' own rules so that the clocks are measured as in production. The expected
 * figures are worked out by hand in {@code ReportsInContainerIT}.
 */
@ApplicationScoped
public class KnownHistory {

  public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** What was built: ids to filter by. */
  public record Ids(long inbox, long otherInbox, long team, long agent) {}

  @PersistenceContext EntityManager em;
  @Inject Teams teams;
  @Inject Inboxes inboxes;
  @Inject Users users;
  @Inject PresenceLog presence;

  /** A local time in the week: day of month (March 2026) and hh:mm. */
  static Instant at(int day, String time) {
    return LocalDateTime.parse("2026-03-%02dT%s".formatted(day, time)).atZone(BERLIN).toInstant();
  }

  @Transactional
  public Ids build() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long team = teams.create("Reports " + tag, null).id();
    BusinessHours hours =
        BusinessHours.parse(
            "{\"timeZone\":\"Europe/Berlin\",\"weekly\":{"
                + "\"monday\":[[\"09:00\",\"17:00\"]],\"tuesday\":[[\"09:00\",\"17:00\"]],"
                + "\"wednesday\":[[\"09:00\",\"17:00\"]],\"thursday\":[[\"09:00\",\"17:00\"]],"
                + "\"friday\":[[\"09:00\",\"17:00\"]]}}");
    teams.changeBusinessHours(team, hours);
    long inbox = inbox("reports-" + tag, team);
    long otherInbox = inbox("reports-other-" + tag, team);
    long agent =
        users
            .create("reports-" + tag + "@example.com", "Report Agent " + tag, Role.AGENT, null)
            .user()
            .id();
    em.flush(); // the people and places first: conversations refer to them by id only

    // the agent's presence (AN-6): online Sunday 1 23:30 to Monday 00:30 (30 min in the week),
    // Monday 09:00 to 12:30 (3 h 30), Tuesday 13:00 to 17:00 (4 h), and from Sunday 8 23:00 on,
    // still online (1 h in the week): 9 h; away and offline in between do not count
    presence.changed(agent, Presence.Status.ONLINE, at(1, "23:30"));
    presence.changed(agent, Presence.Status.AWAY, at(2, "00:30"));
    presence.changed(agent, Presence.Status.ONLINE, at(2, "09:00"));
    presence.changed(agent, Presence.Status.AWAY, at(2, "12:30"));
    presence.changed(agent, Presence.Status.ONLINE, at(3, "13:00"));
    presence.changed(agent, Presence.Status.OFFLINE, at(3, "17:00"));
    presence.changed(agent, Presence.Status.ONLINE, at(8, "23:00"));

    // C1: the bot hands off (asked for a person) Monday 10:05; answered 10:15; closed 11:05; 5 ★
    Conversation c1 = conversation(inbox, true, at(2, "10:00"));
    c1.handOff("asked_for_human", team, null, at(2, "10:05"));
    c1.assign(agent, team, at(2, "10:06"));
    c1.responded(at(2, "10:15"), hours);
    c1.close(at(2, "11:05"), hours);
    c1.rate(5, "Great help");
    // C2: handed off Monday 16:55 (not helped), answered Tuesday 09:10, closed 10:00; 2 ★
    Conversation c2 = conversation(inbox, true, at(2, "16:50"));
    c2.handOff("not_helped", team, null, at(2, "16:55"));
    c2.assign(agent, team, at(3, "09:05"));
    c2.responded(at(3, "09:10"), hours);
    c2.close(at(3, "10:00"), hours);
    c2.rate(2, "Slow, but fine");
    // C3: resolved by the bot Tuesday 12:03
    Conversation c3 = conversation(inbox, true, at(3, "12:00"));
    c3.resolveByBot(at(3, "12:03"));
    // C4: handed off Wednesday 14:01 (out of scope), still waiting
    Conversation c4 = conversation(inbox, true, at(4, "14:00"));
    c4.handOff("out_of_scope", team, null, at(4, "14:01"));
    // C6: the bot's, closed Thursday 09:30 without a handoff or a "helped"
    Conversation c6 = conversation(inbox, true, at(5, "09:00"));
    c6.close(at(5, "09:30"), hours);
    // C5: no bot, Friday 16:30; answered Saturday 10:00 (closed day), closed 10:30; 4 ★
    Conversation c5 = conversation(inbox, false, at(6, "16:30"));
    c5.assign(agent, team, at(7, "09:55"));
    c5.responded(at(7, "10:00"), hours);
    c5.close(at(7, "10:30"), hours);
    c5.rate(4, null);
    // C7: another inbox, same team: Wednesday 10:00, answered 10:20, closed 11:00
    Conversation c7 = conversation(otherInbox, false, at(4, "10:00"));
    c7.assign(agent, team, at(4, "10:01"));
    c7.responded(at(4, "10:20"), hours);
    c7.close(at(4, "11:00"), hours);
    em.flush();

    // Suggestions in C1 and C2: their times are set below (AiDecision stamps its own creation)
    suggestion(c1, "reply", "3", "model-a", Outcome.SENT, null, agent, at(2, "10:14"));
    suggestion(
        c1, "reply", "3", "model-a", Outcome.SENT_EDITED, "Here is how!", agent, at(2, "10:20"));
    suggestion(
        c2,
        "reply",
        "3",
        "model-a",
        Outcome.SENT_EDITED,
        "Here is how, thanks",
        agent,
        at(3, "09:09"));
    suggestion(c2, "reply", "4", "model-b", Outcome.DISMISSED, null, agent, at(3, "09:30"));
    suggestion(c2, "reply", "4", "model-b", null, null, agent, at(3, "09:40"));
    suggestion(c7, "reply", "4", "model-b", Outcome.SENT, null, agent, at(4, "10:19"));

    // Tickets of the team: first response 1 h and resolution 8 h of business time
    SlaPolicy policy = new SlaPolicy(Priority.NORMAL);
    policy.change(Duration.ofHours(1), null, Duration.ofHours(8));
    SlaTerms terms = new SlaTerms(policy, hours, 0.8);
    Contact requester = new Contact("Requester " + tag, "req-" + tag + "@example.com", null);
    em.persist(requester);
    // K1: Monday 09:00, answered 09:30, solved 13:00: both targets met
    Ticket k1 = ticket(requester, "email", team, terms, at(2, "09:00"));
    k1.assign(agent);
    k1.staffReplied(terms, at(2, "09:30"));
    k1.changeStatus(TicketStatus.SOLVED, Set.of(), terms, at(2, "13:00"));
    // K2: Monday 16:00, first response due 17:00 (missed), answered Tuesday 10:00; resolution
    // due Tuesday 16:00 (missed), solved Wednesday 12:00
    Ticket k2 = ticket(requester, "api", team, terms, at(2, "16:00"));
    k2.assign(agent);
    k2.checkSla(at(2, "17:30"));
    k2.staffReplied(terms, at(3, "10:00"));
    k2.checkSla(at(3, "16:30"));
    k2.changeStatus(TicketStatus.SOLVED, Set.of(), terms, at(4, "12:00"));
    // K3: Thursday 10:00, never answered: first response due 11:00, resolution Friday 10:00
    Ticket k3 = ticket(requester, "email", team, terms, at(5, "10:00"));
    k3.assign(agent);
    k3.checkSla(at(5, "11:30"));
    k3.checkSla(at(6, "10:30"));
    // K4: no team, Wednesday: outside the team filter
    Ticket k4 = ticket(requester, "email", null, terms, at(4, "10:00"));
    k4.staffReplied(terms, at(4, "10:10"));
    em.flush();
    return new Ids(inbox, otherInbox, team, agent);
  }

  private long inbox(String name, long team) {
    return inboxes
        .create(
            new Inboxes.InboxSpec(
                name,
                Set.of("https://reports.example"),
                Set.of(team),
                null,
                null,
                Optional.empty(),
                null,
                null,
                null,
                null))
        .id();
  }

  private Conversation conversation(long inbox, boolean bot, Instant at) {
    Conversation c = new Conversation(inbox, "v_" + UUID.randomUUID(), Map.of(), bot, at);
    em.persist(c);
    return c;
  }

  private Ticket ticket(Contact requester, String via, Long team, SlaTerms terms, Instant at) {
    Ticket t =
        new Ticket(
            "Known " + via,
            "A known ticket",
            requester,
            Priority.NORMAL,
            TicketType.QUESTION,
            via,
            at);
    t.route(team);
    t.startSla(terms, at);
    em.persist(t);
    return t;
  }

  private void suggestion(
      Conversation c,
      String prompt,
      String version,
      String model,
      Outcome outcome,
      String editedText,
      long agent,
      Instant at) {
    AiDecision d =
        new AiDecision(
            DecisionKind.REPLY,
            c.id(),
            null,
            DecisionSource.LLM,
            "Here is how",
            "[]",
            "[]",
            prompt,
            version,
            model,
            100,
            10,
            5,
            null);
    if (outcome != null) {
      d.decide(outcome, outcome == Outcome.SENT_EDITED ? editedText : "Here is how", agent);
    }
    em.persist(d);
    em.flush();
    em.createNativeQuery("UPDATE ai_decision SET created_at = ? WHERE id = ?")
        .setParameter(1, at.atOffset(java.time.ZoneOffset.UTC))
        .setParameter(2, d.id())
        .executeUpdate();
  }
}
