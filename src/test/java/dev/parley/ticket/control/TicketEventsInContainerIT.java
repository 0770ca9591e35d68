package dev.parley.ticket.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.integration.control.Outbox;
import dev.parley.integration.entity.OutboxEvent;
import dev.parley.platform.cluster.Leases;
import dev.parley.platform.errors.Conflict;
import dev.parley.testing.InContainer;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.Ticket;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TK-6, TK-7 in the container: every ticket change writes its event to the outbox in its own
 * transaction (a refused change writes none); the SLA watcher raises each warning and breach once;
 * one holder at a time gets the watcher's lease.
 */
@ExtendWith(ArquillianExtension.class)
class TicketEventsInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(TicketEventsInContainerIT.class);
  }

  @Inject Tickets tickets;
  @Inject SlaPolicies policies;
  @Inject SlaWatch watch;
  @Inject Outbox outbox;
  @Inject Leases leases;

  private static final Caller ADMIN =
      new Caller(
          Caller.Kind.USER,
          1,
          "Admin",
          Role.ADMIN,
          Set.of(),
          Set.of(),
          1,
          OffsetDateTime.now().plusHours(1));

  private Ticket create(String priority) {
    JsonObject body =
        Json.createObjectBuilder()
            .add("subject", "Events " + UUID.randomUUID())
            .add("description", "d")
            .add("priority", priority)
            .add(
                "requester",
                Json.createObjectBuilder().add("email", UUID.randomUUID() + "@example.com"))
            .build();
    return tickets.create(TicketPatch.parse(body, true), ADMIN, null, null);
  }

  private List<String> types(long id) {
    return outbox.of("ticket", id).stream().map(OutboxEvent::type).toList();
  }

  @Test
  void everyChangeWritesItsEventAndARefusedOneNone() {
    Ticket t = create("normal");
    Ticket other = create("normal");
    tickets.change(
        t.id(),
        TicketPatch.parse(Json.createObjectBuilder().add("priority", "high").build(), false),
        null,
        ADMIN);
    tickets.comment(t.id(), new Tickets.CommentDraft("hello", true, false, List.of(), null), ADMIN);
    assertThrows(
        Conflict.class,
        () ->
            tickets.change(
                t.id(),
                TicketPatch.parse(
                    Json.createObjectBuilder().add("status", "closed").build(), false),
                null,
                ADMIN));
    tickets.merge(other.id(), t.id(), ADMIN);
    List<String> types = types(t.id());
    assertEquals(
        List.of("ticket.created", "ticket.updated", "ticket.comment_added", "ticket.updated"),
        types.subList(0, 4),
        "created, priority, the comment (with new → open), tags of the merge: " + types);
    assertFalse(types.contains("ticket.merged"));
    assertTrue(types(other.id()).contains("ticket.merged"));
    JsonObject updated =
        Json.createReader(new java.io.StringReader(outbox.of("ticket", t.id()).get(1).payload()))
            .readObject();
    assertEquals(
        "high", updated.getJsonObject("changes").getJsonObject("priority").getString("to"));
  }

  @Test
  void theWatcherRaisesEachWarningAndBreachOnceOnTime() {
    policies.change(Priority.LOW, Duration.ofHours(1), null, Duration.ofDays(2));
    Ticket t = create("low");
    Instant created = t.createdAt().toInstant();
    watch.run(created.plus(Duration.ofMinutes(30)));
    assertFalse(types(t.id()).contains("ticket.sla_warning"));
    watch.run(created.plus(Duration.ofMinutes(46)));
    watch.run(created.plus(Duration.ofMinutes(50)));
    assertEquals(1, types(t.id()).stream().filter("ticket.sla_warning"::equals).count());
    watch.run(created.plus(Duration.ofMinutes(61)));
    watch.run(created.plus(Duration.ofMinutes(90)));
    assertEquals(1, types(t.id()).stream().filter("ticket.sla_breached"::equals).count());
  }

  @Test
  void ticketsSolvedLongAgoCloseByAutomation() {
    Ticket solved = create("normal");
    Ticket open = create("normal");
    tickets.change(
        solved.id(),
        TicketPatch.parse(Json.createObjectBuilder().add("status", "solved").build(), false),
        null,
        ADMIN);
    watch.closeSolvedBefore(Instant.now().minus(Duration.ofDays(1)));
    assertEquals(
        dev.parley.ticket.entity.TicketStatus.SOLVED,
        tickets.find(solved.id()).status(),
        "solved just now: not yet");
    watch.closeSolvedBefore(Instant.now().plus(Duration.ofMinutes(1)));
    assertEquals(dev.parley.ticket.entity.TicketStatus.CLOSED, tickets.find(solved.id()).status());
    assertEquals(dev.parley.ticket.entity.TicketStatus.NEW, tickets.find(open.id()).status());
    var last = tickets.audit(solved.id(), ADMIN).get(tickets.audit(solved.id(), ADMIN).size() - 1);
    assertEquals("status", last.field());
    assertEquals("closed", last.newValue());
    assertEquals(dev.parley.ticket.entity.Actor.Kind.AUTOMATION, last.actor().kind());
    List<String> types = types(solved.id());
    assertEquals("ticket.updated", types.get(types.size() - 1));
  }

  @Test
  void oneHolderAtATimeGetsALease() throws Exception {
    String lease = "test-" + UUID.randomUUID();
    assertTrue(leases.acquire(lease, "node-a", Duration.ofSeconds(1)));
    assertFalse(leases.acquire(lease, "node-b", Duration.ofSeconds(1)));
    assertTrue(leases.acquire(lease, "node-a", Duration.ofSeconds(1)), "the holder renews");
    Thread.sleep(1_500);
    assertTrue(leases.acquire(lease, "node-b", Duration.ofSeconds(30)), "expired: taken over");
    assertFalse(leases.acquire(lease, "node-a", Duration.ofSeconds(30)));
    leases.release(lease, "node-b");
    assertTrue(leases.acquire(lease, "node-a", Duration.ofSeconds(30)));
  }
}
