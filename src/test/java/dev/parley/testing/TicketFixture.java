package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A fresh ticket setting per test: a team with an agent in it, and helpers to create tickets in the
 * team as that agent (or any caller).
 */
public final class TicketFixture {

  public final long teamId;
  public final Parley.User agent;
  public final String agentToken;

  private TicketFixture(long teamId, Parley.User agent) {
    this.teamId = teamId;
    this.agent = agent;
    this.agentToken = agent.login();
  }

  public static TicketFixture create() {
    long teamId = newTeam();
    Parley.User agent = Parley.newUser("agent");
    join(teamId, agent);
    return new TicketFixture(teamId, agent);
  }

  public static long newTeam() {
    Parley.Reply team =
        Parley.post(
            "/api/v1/teams",
            Parley.admin(),
            Json.createObjectBuilder().add("name", "team-" + Parley.unique()).build().toString());
    require(team, 201);
    return team.json().getJsonNumber("id").longValue();
  }

  public static void join(long teamId, Parley.User user) {
    require(
        Parley.call(
            "PUT", "/api/v1/teams/" + teamId + "/members/" + user.id(), Parley.admin(), null),
        200);
  }

  /** A minimal valid create body in this fixture's team with a fresh requester. */
  public JsonObjectBuilder draft(String subject) {
    return Json.createObjectBuilder()
        .add("subject", subject)
        .add("description", "Description of " + subject)
        .add(
            "requester",
            Json.createObjectBuilder()
                .add("name", "Requester " + subject)
                .add("email", "req-" + Parley.unique() + "@example.com"))
        .add("team", teamId);
  }

  /** Creates a ticket as this fixture's agent; returns it. */
  public JsonObject ticket(JsonObjectBuilder draft) {
    Parley.Reply reply = Parley.post("/api/v1/tickets", agentToken, draft.build().toString());
    require(reply, 201);
    return reply.json();
  }

  public JsonObject ticket(String subject) {
    return ticket(draft(subject));
  }

  public static long id(JsonObject o) {
    return o.getJsonNumber("id").longValue();
  }

  public static Parley.Reply patch(long id, String token, String json, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/merge-patch+json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return Parley.call("PATCH", "/api/v1/tickets/" + id, token, json, all);
  }

  static void require(Parley.Reply reply, int status) {
    if (reply.status() != status) {
      throw new AssertionError("expected " + status + " but got " + reply);
    }
  }
}
