package dev.parley.chat.control;

import dev.parley.platform.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Something live clients must hear of, and who: an envelope of the chat protocol with its audience.
 * Fired as a CDI event on the node where it happened (after commit, for stored facts) and carried
 * to the other nodes on the {@link ChatFeed#TOPIC} topic.
 *
 * @param audience who receives it
 * @param conversationId the conversation it concerns (0 for presence)
 * @param inboxId the conversation's inbox (0 for presence)
 * @param visitorId the conversation's visitor (null for presence)
 * @param assigneeId the conversation's agent, if any
 * @param teamIds the teams serving the inbox: staff of these teams (and admins) see inbox events
 * @param envelope the protocol message as sent to staff
 * @param visitorEnvelope what the conversation's visitor receives instead (null: nothing)
 * @param excludeConnection a connection that must not receive it (the sender's own, for typing)
 */
public record ChatEvent(
    Audience audience,
    long conversationId,
    long inboxId,
    String visitorId,
    Long assigneeId,
    Set<Long> teamIds,
    JsonObject envelope,
    JsonObject visitorEnvelope,
    String excludeConnection) {

  public enum Audience {
    /**
     * The assigned agent and the staff watching the conversation, and its visitor if there is a
     * visitor envelope.
     */
    CONVERSATION,
    /** Staff who may work the inbox: its teams' agents and admins (the live inbox list). */
    INBOX,
    /** Every connected staff user (presence). */
    ALL_STAFF
  }

  public ChatEvent {
    teamIds = teamIds == null ? Set.of() : Set.copyOf(teamIds);
  }

  public String toJson(String node) {
    JsonArrayBuilder teams = Jsons.array();
    teamIds.forEach(teams::add);
    JsonObjectBuilder b =
        Jsons.object()
            .add("node", node)
            .add("audience", audience.name())
            .add("conversation", conversationId)
            .add("inbox", inboxId)
            .add("teams", teams)
            .add("envelope", envelope);
    if (visitorEnvelope != null) {
      b.add("visitorEnvelope", visitorEnvelope);
    }
    if (visitorId != null) {
      b.add("visitor", visitorId);
    }
    if (assigneeId != null) {
      b.add("assignee", assigneeId);
    }
    if (excludeConnection != null) {
      b.add("exclude", excludeConnection);
    }
    return b.build().toString();
  }

  /** The event and the node it came from. */
  public record Remote(String node, ChatEvent event) {}

  public static Remote fromJson(String text) {
    JsonObject o = Jsons.read(text);
    return new Remote(
        o.getString("node"),
        new ChatEvent(
            Audience.valueOf(o.getString("audience")),
            o.getJsonNumber("conversation").longValue(),
            o.getJsonNumber("inbox").longValue(),
            o.getString("visitor", null),
            o.containsKey("assignee") ? o.getJsonNumber("assignee").longValue() : null,
            o.getJsonArray("teams").getValuesAs(JsonNumber.class).stream()
                .map(JsonNumber::longValue)
                .collect(Collectors.toSet()),
            o.getJsonObject("envelope"),
            o.containsKey("visitorEnvelope") ? o.getJsonObject("visitorEnvelope") : null,
            o.getString("exclude", null)));
  }
}
