package dev.parley.chat.control;

import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Message;
import dev.parley.platform.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The chat protocol's JSON envelopes for stored things (messages, conversations), shared by the
 * WebSocket and the REST API so both say the same. Documented in {@code docs/chat-protocol.md}.
 */
public final class ChatWire {

  public static final int VERSION = 1;

  private ChatWire() {}

  /**
   * A message as staff see it: {@code prev} is simply the previous sequence number, as staff see
   * every message.
   */
  public static JsonObject message(Message m) {
    return message(m, m.seq() - 1);
  }

  /** A message as the visitor sees it: {@code prev} skips the private notes. */
  public static JsonObject visitorMessage(Message m) {
    return message(m, m.prevPublicSeq());
  }

  private static JsonObject message(Message m, long prev) {
    JsonObjectBuilder b =
        Jsons.object()
            .add("type", "message")
            .add("conversation", m.conversationId())
            .add("seq", m.seq())
            .add("prev", prev)
            .add("kind", m.kind().wire())
            .add("text", m.body())
            .add("at", m.createdAt().toString());
    if (m.authorName() != null) {
      JsonObjectBuilder author = Jsons.object().add("name", m.authorName());
      if (m.authorId() != null) {
        author.add("id", m.authorId());
      }
      b.add("author", author);
    }
    if (m.clientId() != null) {
      b.add("id", m.clientId());
    }
    if (m.attachmentId() != null) {
      b.add("attachment", m.attachmentId());
      m.attachmentType().ifPresent(type -> b.add("attachmentType", type));
    }
    m.sources().ifPresent(sources -> b.add("sources", sources));
    return b.build();
  }

  /** A conversation's state, for inbox lists and the conversation's own participants. */
  public static JsonObject conversation(Conversation c) {
    JsonObjectBuilder b =
        Jsons.object()
            .add("id", c.id())
            .add("inbox", c.inboxId())
            .add("state", c.state().wire())
            .add("lastSeq", c.lastSeq())
            .add("createdAt", c.createdAt().toString())
            .add("updatedAt", c.updatedAt().toString())
            .add("waitingOffline", c.waitingOffline())
            .add("visitorReadSeq", c.visitorReadSeq())
            .add("agentReadSeq", c.agentReadSeq());
    if (c.assigneeId() != null) {
      b.add("assignee", c.assigneeId());
    }
    if (c.teamId() != null) {
      b.add("team", c.teamId());
    }
    if (c.closedAt() != null) {
      b.add("closedAt", c.closedAt().toString());
    }
    return b.build();
  }

  /** What staff see of a conversation: its state and the visitor's details and rating. */
  public static JsonObject conversationForStaff(Conversation c) {
    JsonObjectBuilder visitor = Jsons.object().add("id", c.visitorId());
    if (c.visitorName() != null) {
      visitor.add("name", c.visitorName());
    }
    if (c.visitorEmail() != null) {
      visitor.add("email", c.visitorEmail());
    }
    visitor.add("fields", c.fields());
    var contact = VisitorIdentities.contactOf(c.visitorId());
    visitor.add("verified", contact.isPresent());
    contact.ifPresent(id -> visitor.add("contact", id));
    JsonObjectBuilder b = Jsons.object(conversation(c)).add("visitor", visitor);
    if (c.ticketId() != null) {
      b.add("ticket", c.ticketId());
    }
    if (c.topicId() != null) {
      b.add("topic", c.topicId());
    }
    if (c.handoffReason() != null) {
      b.add("handoffReason", c.handoffReason());
    }
    if (c.summary() != null) {
      b.add("summary", c.summary());
    }
    if (c.lastMessage() != null) {
      b.add(
          "lastMessage",
          Jsons.object().add("kind", c.lastMessageKind().wire()).add("text", c.lastMessage()));
    }
    if (c.botResolved()) {
      b.add("botResolved", true);
    }
    if (c.csatScore() != null) {
      JsonObjectBuilder csat = Jsons.object().add("score", c.csatScore());
      if (c.csatComment() != null) {
        csat.add("comment", c.csatComment());
      }
      b.add("csat", csat);
    }
    return b.build();
  }

  /** The envelope telling clients a conversation changed (state, assignment, rating). */
  public static JsonObject conversationChanged(JsonObject conversation) {
    return Jsons.object().add("type", "conversation").add("conversation", conversation).build();
  }
}
