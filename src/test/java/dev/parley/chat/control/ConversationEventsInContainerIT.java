package dev.parley.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.entity.Conversation;
import dev.parley.identity.control.Users;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.integration.control.Outbox;
import dev.parley.integration.entity.OutboxEvent;
import dev.parley.platform.errors.Conflict;
import dev.parley.testing.InContainer;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.UserTransaction;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CH-8, in the container: every domain event of a conversation (created, message, assigned,
 * transferred, closed, CSAT) is written to the outbox in the transaction of the change; a change
 * that fails leaves no event.
 */
@ExtendWith(ArquillianExtension.class)
class ConversationEventsInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(ConversationEventsInContainerIT.class);
  }

  @Inject Conversations conversations;
  @Inject Inboxes inboxes;
  @Inject Users users;
  @Inject dev.parley.identity.control.Teams teams;
  @Inject Outbox outbox;
  @Inject UserTransaction transaction;

  private Caller agent(long teamId) {
    long id =
        users
            .create(
                "events-" + UUID.randomUUID() + "@example.com",
                "Eve",
                Role.AGENT,
                "correct horse battery")
            .user()
            .id();
    teams.addMember(teamId, id);
    return new Caller(
        Caller.Kind.USER,
        id,
        "Eve",
        Role.AGENT,
        Set.of(),
        Set.of(teamId),
        1,
        OffsetDateTime.now().plusHours(1));
  }

  @Test
  void everyStepOfAConversationWritesItsEvent() throws Exception {
    long team = teams.create("events-" + UUID.randomUUID(), null).id();
    long inbox =
        inboxes
            .create(
                new Inboxes.InboxSpec(
                    "events-" + UUID.randomUUID(),
                    Set.of("https://shop.example"),
                    Set.of(team),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    dev.parley.chat.entity.AssignmentPolicy.MANUAL))
            .id();
    Caller eve = agent(team);
    Participant.Visitor visitor = new Participant.Visitor("v_" + UUID.randomUUID(), inbox);

    Conversation c =
        conversations
            .start(visitor, "start-1", Json.createObjectBuilder().build(), "hello")
            .conversation();
    conversations.post(c.id(), visitor, "m-1", "more", false);
    conversations.claim(c.id(), eve);
    conversations.post(c.id(), new Participant.Staff(eve), "m-2", "hi", false);
    conversations.transfer(c.id(), null, team, "note for the team", eve);
    conversations.close(c.id(), new Participant.Staff(eve));
    conversations.rate(c.id(), visitor, 5, "great");

    List<String> types = outbox.of("conversation", c.id()).stream().map(OutboxEvent::type).toList();
    assertEquals("conversation.created", types.get(0));
    assertTrue(
        types.containsAll(
            List.of(
                "message.created",
                "conversation.assigned",
                "conversation.transferred",
                "conversation.closed",
                "csat.given")),
        types.toString());
    // One event per stored message, compared by sequence number. A bot or system message may be
    // stored asynchronously while the test reads, so each side is read before the other is checked
    // against it: an event read first names a message that exists; a message read first has an
    // event by the time the outbox is read again.
    Set<Long> eventSeqs = messageSeqs(c.id());
    Set<Long> stored = storedSeqs(c.id(), eve);
    assertTrue(stored.containsAll(eventSeqs), "every event names a stored message");
    assertTrue(messageSeqs(c.id()).containsAll(stored), "every stored message has its event");
    List<Long> once = eventSeqList(c.id());
    assertEquals(Set.copyOf(once).size(), once.size(), "one event per message, not two");
  }

  private Set<Long> messageSeqs(long conversation) {
    return Set.copyOf(eventSeqList(conversation));
  }

  private List<Long> eventSeqList(long conversation) {
    return outbox.of("conversation", conversation).stream()
        .filter(e -> "message.created".equals(e.type()))
        .map(
            e ->
                Json.createReader(new java.io.StringReader(e.payload()))
                    .readObject()
                    .getJsonNumber("seq")
                    .longValue())
        .toList();
  }

  private Set<Long> storedSeqs(long conversation, Caller staff) {
    return conversations.replay(conversation, new Participant.Staff(staff), 0).messages().stream()
        .map(m -> m.seq())
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void aFailedChangeLeavesNoEvent() throws Exception {
    long inbox =
        inboxes
            .create(
                new Inboxes.InboxSpec(
                    "events-" + UUID.randomUUID(),
                    Set.of("https://shop.example"),
                    Set.of(),
                    null,
                    null,
                    Optional.empty(),
                    null,
                    null,
                    null,
                    null))
            .id();
    Participant.Visitor visitor = new Participant.Visitor("v_" + UUID.randomUUID(), inbox);
    Conversation c = conversations.start(visitor, "start-2", null, null).conversation();
    int before = outbox.of("conversation", c.id()).size();
    assertThrows(
        Conflict.class, () -> conversations.rate(c.id(), visitor, 5, null), "not closed yet");
    assertEquals(before, outbox.of("conversation", c.id()).size());

    transaction.begin();
    conversations.post(c.id(), visitor, "rolled-back", "never stored", false);
    transaction.rollback();
    assertEquals(before, outbox.of("conversation", c.id()).size());
    assertTrue(
        conversations.replay(c.id(), visitor, 0).messages().stream()
            .noneMatch(m -> "never stored".equals(m.body())));
  }
}
