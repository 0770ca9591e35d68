package dev.parley.ticket.control;

import dev.parley.platform.json.Jsons;
import dev.parley.ticket.entity.Actor;
import dev.parley.ticket.entity.Comment;
import dev.parley.ticket.entity.FieldChange;
import dev.parley.ticket.entity.Ticket;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** The payloads of the ticket events written to the outbox. */
final class TicketEvents {

  private TicketEvents() {}

  /** What every ticket event says of the ticket: id, number and team (a filter of webhooks). */
  private static JsonObjectBuilder base(Ticket t) {
    JsonObjectBuilder b = Jsons.object().add("id", t.id()).add("number", t.number());
    nullable(b, "team", t.teamId());
    return b;
  }

  static JsonObject created(Ticket t, Actor actor) {
    JsonObjectBuilder b =
        base(t)
            .add("subject", t.subject())
            .add("status", t.status().wire())
            .add("priority", t.priority().wire())
            .add("type", t.type().wire())
            .add("requester", t.requester().id())
            .add("via", t.via())
            .add("actor", Tickets.actor(actor));
    nullable(b, "assignee", t.assigneeId());
    nullable(b, "conversation", t.conversationId());
    return b.build();
  }

  static JsonObject updated(Ticket t, Actor actor, List<FieldChange> changes) {
    JsonObjectBuilder fields = Jsons.object();
    for (FieldChange c : changes) {
      JsonObjectBuilder change = Jsons.object();
      text(change, "from", c.from());
      text(change, "to", c.to());
      fields.add(c.field(), change);
    }
    return base(t).add("changes", fields).add("actor", Tickets.actor(actor)).build();
  }

  static JsonObject commentAdded(Ticket t, Comment c, Tickets.CommentDraft draft) {
    return base(t)
        .add(
            "comment",
            Jsons.object()
                .add("id", c.id())
                .add("public", c.isPublic())
                .add("author", Tickets.actor(c.author()))
                .add("attachments", draft.attachments().size()))
        .build();
  }

  static JsonObject merged(Ticket source, Ticket target) {
    return base(source).add("into", target.id()).add("intoNumber", target.number()).build();
  }

  static JsonObject sla(Ticket t, Ticket.SlaAlert alert) {
    JsonObjectBuilder b = base(t).add("metric", alert.metric().wire());
    if (alert.dueAt() != null) {
      b.add("dueAt", alert.dueAt().toString());
    }
    nullable(b, "assignee", t.assigneeId());
    return b.add("priority", t.priority().wire()).build();
  }

  private static void text(JsonObjectBuilder b, String key, String value) {
    if (value != null) {
      b.add(key, value);
    } else {
      b.addNull(key);
    }
  }

  private static void nullable(JsonObjectBuilder b, String key, Long value) {
    if (value != null) {
      b.add(key, value);
    } else {
      b.addNull(key);
    }
  }
}
