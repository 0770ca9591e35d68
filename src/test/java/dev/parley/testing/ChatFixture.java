package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * A fresh chat setting per test: a team, agents in it, and an inbox served by the team that allows
 * the page origin {@link #ORIGIN}. Visitors get widget sessions like a real widget does.
 */
public final class ChatFixture {

  public static final String ORIGIN = "https://shop.example";

  public final long teamId;
  public final long inboxId;
  public final String widgetKey;

  private ChatFixture(long teamId, long inboxId, String widgetKey) {
    this.teamId = teamId;
    this.inboxId = inboxId;
    this.widgetKey = widgetKey;
  }

  /** A team and an inbox it serves, with the given assignment policy. */
  public static ChatFixture create(String assignment) {
    Parley.Reply team =
        Parley.post(
            "/api/v1/teams",
            Parley.admin(),
            Json.createObjectBuilder().add("name", "team-" + Parley.unique()).build().toString());
    require(team, 201);
    long teamId = team.json().getJsonNumber("id").longValue();
    Parley.Reply inbox =
        Parley.post(
            "/api/v1/inboxes",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "inbox-" + Parley.unique())
                .add("allowedOrigins", Json.createArrayBuilder().add(ORIGIN))
                .add("teamIds", Json.createArrayBuilder().add(teamId))
                .add("assignment", assignment)
                .add(
                    "preChatFields",
                    Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("key", "name").add("type", "text"))
                        .add(Json.createObjectBuilder().add("key", "email").add("type", "email"))
                        .add(
                            Json.createObjectBuilder()
                                .add("key", "plan")
                                .add("type", "select")
                                .add("options", Json.createArrayBuilder().add("free").add("pro"))))
                .build()
                .toString());
    require(inbox, 201);
    return new ChatFixture(
        teamId, inbox.json().getJsonNumber("id").longValue(), inbox.json().getString("widgetKey"));
  }

  /** A new agent in this fixture's team. */
  public Parley.User agent() {
    Parley.User agent = Parley.newUser("agent");
    require(
        Parley.call(
            "PUT", "/api/v1/teams/" + teamId + "/members/" + agent.id(), Parley.admin(), null),
        200);
    return agent;
  }

  /** A widget session as the widget on {@link #ORIGIN} opens it; returns the response body. */
  public JsonObject widgetSession(String earlierToken) {
    return widgetSession(earlierToken, null);
  }

  /** A widget session with what the website says about its user (may be null). */
  public JsonObject widgetSession(String earlierToken, jakarta.json.JsonObjectBuilder identity) {
    var body = Json.createObjectBuilder().add("widgetKey", widgetKey);
    if (earlierToken != null) {
      body.add("visitorToken", earlierToken);
    }
    if (identity != null) {
      body.add("identity", identity);
    }
    Parley.Reply reply =
        Parley.call(
            "POST",
            "/api/v1/widget/sessions",
            null,
            body.build().toString(),
            "Origin",
            ORIGIN,
            "X-Forwarded-For",
            Parley.someAddress());
    require(reply, 201);
    return reply.json();
  }

  public String visitorToken() {
    return widgetSession(null).getString("visitorToken");
  }

  public static String clientId() {
    return UUID.randomUUID().toString();
  }

  /**
   * A visitor starts a conversation with a first message (and pre-chat fields, may be null);
   * returns the conversation as acknowledged.
   */
  public static jakarta.json.JsonObject start(
      ChatClient visitor, String text, jakarta.json.JsonObjectBuilder fields)
      throws InterruptedException {
    String id = clientId();
    var start = Json.createObjectBuilder().add("type", "start").add("id", id).add("text", text);
    if (fields != null) {
      start.add("fields", fields);
    }
    visitor.send(start.build());
    return visitor
        .next(e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")), "ack")
        .getJsonObject("conversation");
  }

  /** A participant sends a message in a conversation and waits for its acknowledgement. */
  public static void say(ChatClient client, long conversation, String text)
      throws InterruptedException {
    String id = clientId();
    client.send(
        Json.createObjectBuilder()
            .add("type", "send")
            .add("id", id)
            .add("conversation", conversation)
            .add("text", text)
            .build());
    client.next(e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")), "ack");
  }

  /**
   * A staff member's request about a conversation ({@code claim}, {@code watch}, {@code close}…)
   * and its acknowledgement.
   */
  public static jakarta.json.JsonObject ask(ChatClient staff, String type, long conversation)
      throws InterruptedException {
    String id = clientId();
    staff.send(
        Json.createObjectBuilder()
            .add("type", type)
            .add("id", id)
            .add("conversation", conversation)
            .build());
    return staff.next(
        e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")), type + " ack");
  }

  static void require(Parley.Reply reply, int status) {
    if (reply.status() != status) {
      throw new AssertionError("expected " + status + ": " + reply);
    }
  }
}
