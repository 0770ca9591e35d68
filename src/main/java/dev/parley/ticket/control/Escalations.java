package dev.parley.ticket.control;

import dev.parley.chat.control.Conversations;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageKind;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.User;
import dev.parley.platform.json.Jsons;
import dev.parley.ticket.entity.Actor;
import dev.parley.ticket.entity.Comment;
import dev.parley.ticket.entity.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Escalation from chat: a conversation becomes a ticket carrying its transcript (what the visitor
 * saw) as the description and the conversation's private notes as an internal comment. The visitor
 * becomes the requester (by the email they gave, else by their visitor id as external id); the
 * ticket keeps the conversation's team and, when they are in it, its agent. Both stay linked, and
 * the conversation says so in a system message. A conversation escalates once.
 */
@ApplicationScoped
public class Escalations {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  @PersistenceContext EntityManager em;
  @Inject Conversations conversations;
  @Inject Tickets tickets;
  @Inject dev.parley.platform.messaging.Broker broker;

  /** A conversation became a ticket: fired after the commit. */
  public record Escalated(long conversationId, long ticketId) {}

  @Inject jakarta.enterprise.event.Event<Escalated> escalated;

  /**
   * @param request optional {subject, priority, type}; anything else in it is refused as for a
   *     create
   */
  @Transactional
  public Ticket escalate(long conversationId, JsonObject request, Caller caller) {
    Conversations.Escalating e = conversations.escalating(conversationId, caller);
    Conversation c = e.conversation();
    JsonObjectBuilder body = Jsons.object(request);
    if (!request.containsKey("subject")) {
      body.add("subject", subject(c, e.messages()));
    }
    body.add("description", transcript(c, e.messages()));
    JsonObjectBuilder requester = Jsons.object();
    if (c.visitorName() != null) {
      requester.add("name", c.visitorName());
    }
    if (c.visitorEmail() != null) {
      requester.add("email", c.visitorEmail());
    } else {
      requester.add("externalId", "visitor:" + c.visitorId());
    }
    body.add("requester", requester);
    if (c.teamId() != null) {
      body.add("team", c.teamId());
      if (c.assigneeId() != null && member(c.assigneeId(), c.teamId())) {
        body.add("assignee", c.assigneeId());
      }
    }
    TicketPatch draft = TicketPatch.parse(body.build(), true);
    draft.via = "chat";
    draft.conversationId = c.id();
    Ticket t = tickets.create(draft, caller, null, null);
    String notes = notes(e.messages());
    if (!notes.isEmpty()) {
      em.persist(new Comment(t.id(), Actor.of(caller), notes, false, Instant.now()));
    }
    conversations.escalated(c, t.id());
    Escalated done = new Escalated(c.id(), t.id());
    broker.afterCommit(() -> escalated.fireAsync(done));
    return t;
  }

  private boolean member(long userId, long teamId) {
    User u = em.find(User.class, userId);
    return u != null && u.active() && u.teams().stream().anyMatch(t -> t.id().equals(teamId));
  }

  private static String subject(Conversation c, List<Message> messages) {
    String first =
        messages.stream()
            .filter(m -> m.kind() == MessageKind.VISITOR && m.body() != null)
            .map(m -> m.body().strip().replaceAll("\\s+", " "))
            .filter(text -> !text.isEmpty())
            .findFirst()
            .orElse("Chat with " + (c.visitorName() != null ? c.visitorName() : "a visitor"));
    return first.length() > 120 ? first.substring(0, 117) + "..." : first;
  }

  private static String transcript(Conversation c, List<Message> messages) {
    StringBuilder text =
        new StringBuilder("Transcript of chat conversation ")
            .append(c.id())
            .append(" (escalated ")
            .append(TIME.format(Instant.now().atOffset(java.time.ZoneOffset.UTC)))
            .append(")\n\n");
    for (Message m : messages) {
      if (m.kind() == MessageKind.NOTE || m.body() == null) {
        continue;
      }
      text.append('[')
          .append(TIME.format(m.createdAt()))
          .append("] ")
          .append(who(c, m))
          .append(": ")
          .append(m.body())
          .append('\n');
      if (text.length() > 60_000) {
        text.append("… (the rest of the conversation is in conversation ")
            .append(c.id())
            .append(")\n");
        break;
      }
    }
    return text.toString();
  }

  private static String notes(List<Message> messages) {
    StringBuilder text = new StringBuilder();
    for (Message m : messages) {
      if (m.kind() == MessageKind.NOTE && m.body() != null) {
        text.append('[')
            .append(TIME.format(m.createdAt()))
            .append("] ")
            .append(m.authorName() == null ? "Agent" : m.authorName())
            .append(" (private note): ")
            .append(m.body())
            .append('\n');
      }
    }
    return text.length() > 60_000 ? text.substring(0, 60_000) : text.toString();
  }

  private static String who(Conversation c, Message m) {
    return switch (m.kind()) {
      case VISITOR -> c.visitorName() != null ? c.visitorName() : "Visitor";
      case AGENT -> m.authorName() != null ? m.authorName() : "Agent";
      case BOT -> "Bot";
      default -> "Parley";
    };
  }
}
