package dev.parley.ticket.boundary;

import dev.parley.platform.json.Jsons;
import dev.parley.ticket.entity.Actor;
import dev.parley.ticket.entity.AuditEntry;
import dev.parley.ticket.entity.Comment;
import dev.parley.ticket.entity.Contact;
import dev.parley.ticket.entity.SlaClock;
import dev.parley.ticket.entity.Ticket;
import dev.parley.ticket.entity.TicketAttachment;
import dev.parley.ticket.entity.TicketField;
import dev.parley.ticket.entity.TicketStatus;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of tickets, comments, contacts and their relatives. */
final class TicketViews {

  private TicketViews() {}

  static String etag(Ticket t) {
    return "\"" + t.version() + "\"";
  }

  static JsonObject ticket(Ticket t) {
    JsonObjectBuilder b =
        Jsons.object()
            .add("id", t.id())
            .add("number", t.number())
            .add("subject", t.subject())
            .add("description", t.description())
            .add("status", t.status().wire())
            .add("priority", t.priority().wire())
            .add("type", t.type().wire())
            .add("via", t.via())
            .add("requester", contactRef(t.requester()));
    if (t.organization() != null) {
      b.add(
          "organization",
          Jsons.object().add("id", t.organization().id()).add("name", t.organization().name()));
    } else {
      b.addNull("organization");
    }
    id(b, "assignee", t.assigneeId());
    id(b, "team", t.teamId());
    JsonArrayBuilder tags = Jsons.array();
    t.tags().stream().sorted().forEach(tags::add);
    JsonArrayBuilder followers = Jsons.array();
    t.followers().stream().sorted().forEach(followers::add);
    JsonArrayBuilder next = Jsons.array();
    if (t.mergedInto() == null) {
      t.status().next().stream().map(TicketStatus::wire).forEach(next::add);
    }
    b.add("tags", tags)
        .add("followers", followers)
        .add("customFields", Jsons.read(t.customFields()))
        .add("allowedStatuses", next)
        .add("sla", sla(t.sla()));
    id(b, "conversation", t.conversationId());
    id(b, "followUpOf", t.followUpOf());
    id(b, "mergedInto", t.mergedInto());
    time(b, "firstRespondedAt", t.firstRespondedAt());
    time(b, "solvedAt", t.solvedAt());
    time(b, "closedAt", t.closedAt());
    time(b, "createdAt", t.createdAt());
    time(b, "updatedAt", t.updatedAt());
    return b.add("version", t.version()).build();
  }

  private static JsonArrayBuilder sla(List<SlaClock> clocks) {
    JsonArrayBuilder array = Jsons.array();
    for (SlaClock c : clocks) {
      JsonObjectBuilder o =
          Jsons.object()
              .add("metric", c.metric().wire())
              .add("target", c.target().toString())
              .add("state", c.state())
              .add("breached", c.breached());
      time(o, "dueAt", c.dueAt());
      time(o, "achievedAt", c.achievedAt());
      array.add(o);
    }
    return array;
  }

  static JsonObject contactRef(Contact c) {
    JsonObjectBuilder b = Jsons.object().add("id", c.id());
    text(b, "name", c.name());
    text(b, "email", c.email());
    text(b, "externalId", c.externalId());
    return b.build();
  }

  static JsonObject contact(Contact c) {
    JsonObjectBuilder b = Jsons.object(contactRef(c));
    if (c.organization() != null) {
      b.add(
          "organization",
          Jsons.object().add("id", c.organization().id()).add("name", c.organization().name()));
    } else {
      b.addNull("organization");
    }
    time(b, "createdAt", c.createdAt());
    time(b, "updatedAt", c.updatedAt());
    return b.build();
  }

  static JsonObject comment(Comment c, List<TicketAttachment> attachments) {
    JsonArrayBuilder files = Jsons.array();
    attachments.stream()
        .filter(a -> c.id().equals(a.commentId()))
        .forEach(a -> files.add(attachment(a)));
    return Jsons.object()
        .add("id", c.id())
        .add("ticket", c.ticketId())
        .add("public", c.isPublic())
        .add("author", actor(c.author()))
        .add("body", c.body())
        .add("attachments", files)
        .add("createdAt", c.createdAt().toString())
        .build();
  }

  static JsonObject attachment(TicketAttachment a) {
    JsonObjectBuilder b =
        Jsons.object()
            .add("id", a.id())
            .add("ticket", a.ticketId())
            .add("name", a.filename())
            .add("type", a.contentType())
            .add("size", a.size());
    id(b, "comment", a.commentId());
    return b.add("createdAt", a.createdAt().toString()).build();
  }

  static JsonObject audit(AuditEntry e) {
    JsonObjectBuilder b =
        Jsons.object()
            .add("id", e.id())
            .add("at", e.at().toString())
            .add("actor", actor(e.actor()))
            .add("field", e.field());
    text(b, "from", e.oldValue());
    text(b, "to", e.newValue());
    return b.build();
  }

  static JsonObject actor(Actor a) {
    JsonObjectBuilder b = Jsons.object().add("kind", a.kind().wire());
    id(b, "id", a.id());
    return b.add("name", a.name() == null ? "" : a.name()).build();
  }

  static JsonObject field(TicketField f) {
    JsonArrayBuilder options = Jsons.array();
    f.options().forEach(options::add);
    return Jsons.object()
        .add("id", f.id())
        .add("key", f.key())
        .add("label", f.label())
        .add("type", f.type().wire())
        .add("options", options)
        .add("requiredToSolve", f.requiredToSolve())
        .add("active", f.active())
        .build();
  }

  private static void id(JsonObjectBuilder b, String key, Long value) {
    if (value == null) {
      b.addNull(key);
    } else {
      b.add(key, value);
    }
  }

  private static void text(JsonObjectBuilder b, String key, String value) {
    if (value == null) {
      b.addNull(key);
    } else {
      b.add(key, value);
    }
  }

  private static void time(JsonObjectBuilder b, String key, OffsetDateTime value) {
    if (value == null) {
      b.addNull(key);
    } else {
      b.add(key, value.toString());
    }
  }
}
