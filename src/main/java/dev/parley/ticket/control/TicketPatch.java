package dev.parley.ticket.control;

import dev.parley.platform.errors.Invalid;
import dev.parley.ticket.control.Contacts.ContactInput;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.TicketStatus;
import dev.parley.ticket.entity.TicketType;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A ticket's fields as a client sends them: the body of a create, or a JSON Merge Patch (RFC 7396)
 * of an existing ticket. Absent means unchanged; {@code null} clears (assignee, team, organization,
 * a custom field). Parsing names every wrong field path at once.
 */
public final class TicketPatch {

  private static final Set<String> READ_ONLY =
      Set.of(
          "id",
          "number",
          "via",
          "createdAt",
          "updatedAt",
          "solvedAt",
          "closedAt",
          "firstRespondedAt",
          "sla",
          "mergedInto",
          "conversation",
          "version",
          "organization");
  private static final Set<String> KNOWN =
      Set.of(
          "subject",
          "description",
          "status",
          "priority",
          "type",
          "assignee",
          "team",
          "tags",
          "followers",
          "customFields",
          "requester",
          "followUpOf");

  String subject;
  String description;
  TicketStatus status;
  Priority priority;
  TicketType type;
  boolean assigneeGiven;
  Long assignee;
  boolean teamGiven;
  Long team;
  Set<String> tags;
  Set<String> addTags;
  Set<String> removeTags;
  Set<Long> followers;
  JsonObject customFields;
  Long requesterId;
  ContactInput requester;
  Long followUpOf;

  /** Set by Parley, never by clients: the channel and the conversation of an escalation. */
  String via;

  Long conversationId;

  private TicketPatch() {}

  /** Replaces the tags. */
  public static TicketPatch tags(Set<String> tags) {
    TicketPatch p = new TicketPatch();
    p.tags = tags;
    return p;
  }

  /** Adds tags to the current ones, under the ticket's lock (no lost update). */
  public static TicketPatch addTags(Set<String> tags) {
    TicketPatch p = new TicketPatch();
    p.addTags = tags;
    return p;
  }

  /** Removes tags from the current ones, under the ticket's lock. */
  public static TicketPatch removeTags(Set<String> tags) {
    TicketPatch p = new TicketPatch();
    p.removeTags = tags;
    return p;
  }

  /**
   * Reads a body; {@code creating} requires subject, description and requester.
   *
   * @throws Invalid naming each wrong field
   */
  public static TicketPatch parse(JsonObject body, boolean creating) {
    TicketPatch p = new TicketPatch();
    Invalid invalid = new Invalid("The ticket has invalid fields");
    for (Map.Entry<String, JsonValue> e : body.entrySet()) {
      String key = e.getKey();
      JsonValue v = e.getValue();
      boolean isNull = v.getValueType() == JsonValue.ValueType.NULL;
      if (READ_ONLY.contains(key)) {
        invalid.field(key, "is read-only");
        continue;
      }
      if (!KNOWN.contains(key)) {
        invalid.field(key, "is not a ticket field");
        continue;
      }
      if (key.equals("followUpOf") && !creating) {
        invalid.field(key, "is set when creating a ticket only");
        continue;
      }
      try {
        switch (key) {
          case "subject" -> p.subject = string(v);
          case "description" -> p.description = string(v);
          case "status" -> p.status = TicketStatus.fromWire(string(v));
          case "priority" -> p.priority = Priority.fromWire(string(v));
          case "type" -> p.type = TicketType.fromWire(string(v));
          case "assignee" -> {
            p.assigneeGiven = true;
            p.assignee = isNull ? null : id(v);
          }
          case "team" -> {
            p.teamGiven = true;
            p.team = isNull ? null : id(v);
          }
          case "tags" -> {
            p.tags = new LinkedHashSet<>();
            for (JsonValue tag : array(v)) {
              p.tags.add(string(tag));
            }
          }
          case "followers" -> {
            p.followers = new LinkedHashSet<>();
            for (JsonValue f : array(v)) {
              p.followers.add(id(f));
            }
          }
          case "customFields" -> {
            if (!(v instanceof JsonObject o)) {
              throw new IllegalArgumentException("must be an object of field keys to values");
            }
            p.customFields = o;
          }
          case "requester" -> requester(p, v);
          case "followUpOf" -> p.followUpOf = id(v);
          default -> throw new IllegalStateException(key);
        }
      } catch (IllegalArgumentException | ClassCastException ex) {
        invalid.field(key, ex.getMessage() == null ? "has the wrong type" : ex.getMessage());
      }
    }
    if (creating) {
      if (p.subject == null && !invalid.fields().containsKey("subject")) {
        invalid.field("subject", "is required");
      }
      if (p.description == null && !invalid.fields().containsKey("description")) {
        invalid.field("description", "is required");
      }
      if (p.requesterId == null
          && p.requester == null
          && !invalid.fields().containsKey("requester")) {
        invalid.field("requester", "is required: {id} or {name, email, externalId}");
      }
    }
    if (!invalid.fields().isEmpty()) {
      throw invalid;
    }
    return p;
  }

  private static void requester(TicketPatch p, JsonValue v) {
    if (!(v instanceof JsonObject o)) {
      throw new IllegalArgumentException("must be {id} or {name, email, externalId}");
    }
    if (o.containsKey("id")) {
      p.requesterId = id(o.get("id"));
      return;
    }
    p.requester =
        new ContactInput(
            optional(o, "name"),
            optional(o, "email"),
            optional(o, "externalId"),
            optional(o, "organization"));
    if (p.requester.email() == null && p.requester.externalId() == null) {
      throw new IllegalArgumentException("needs an email or an externalId (or an id)");
    }
  }

  private static String optional(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : string(v);
  }

  private static String string(JsonValue v) {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw new IllegalArgumentException("must be a string");
  }

  private static long id(JsonValue v) {
    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0) {
      return n.longValue();
    }
    throw new IllegalArgumentException("must be a positive integer id");
  }

  private static JsonArray array(JsonValue v) {
    if (v instanceof JsonArray a) {
      return a;
    }
    throw new IllegalArgumentException("must be an array");
  }

  public boolean isEmpty() {
    return subject == null
        && description == null
        && status == null
        && priority == null
        && type == null
        && !assigneeGiven
        && !teamGiven
        && tags == null
        && addTags == null
        && removeTags == null
        && followers == null
        && customFields == null
        && requesterId == null
        && requester == null;
  }
}
