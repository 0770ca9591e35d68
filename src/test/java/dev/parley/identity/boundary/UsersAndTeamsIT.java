package dev.parley.identity.boundary;

import static dev.parley.testing.Parley.get;
import static dev.parley.testing.Parley.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** Users and teams as admins and agents see them. */
class UsersAndTeamsIT {

  @Test
  void anAdminCreatesAnAgentWhoSignsInAndIsRefusedAdminEndpoints() {
    String email = "new-agent-" + Parley.unique() + "@example.com";
    Parley.Reply created =
        post(
            "/api/v1/users",
            Parley.admin(),
            "{\"email\":\"" + email + "\",\"displayName\":\"Nia Agent\",\"role\":\"agent\"}");
    assertEquals(201, created.status(), created.body());
    assertNotNull(created.header("Location"));
    String oneTime = created.json().getString("oneTimePassword");
    JsonObject user = created.json().getJsonObject("user");
    assertEquals(email, user.getString("email"));
    assertTrue(user.getBoolean("passwordChangeRequired"));

    String agent = Parley.login(email, oneTime);
    assertEquals("agent", get("/api/v1/me", agent).json().getString("role"));
    assertEquals(403, get("/api/v1/teams", agent).status(), "a one-time session only changes it");
    Parley.Reply changed =
        Parley.call(
            "PUT",
            "/api/v1/me/password",
            agent,
            "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"a password of her own\"}");
    assertEquals(204, changed.status(), changed.body());
    for (String path :
        new String[] {"/api/v1/users", "/api/v1/api-tokens", "/api/v1/signing-keys"}) {
      Parley.Reply refused = get(path, agent);
      assertEquals(403, refused.status(), path);
      assertTrue(refused.contentType().startsWith("application/problem+json"));
    }
    assertEquals(403, post("/api/v1/teams", agent, "{\"name\":\"x\"}").status());
    assertEquals(200, get("/api/v1/teams", agent).status(), "agents read teams");
  }

  @Test
  void emailsAreUniqueIgnoringCase() {
    Parley.User agent = Parley.newUser("agent");
    Parley.Reply duplicate =
        post(
            "/api/v1/users",
            Parley.admin(),
            "{\"email\":\"" + agent.email().toUpperCase() + "\",\"displayName\":\"Dup\"}");
    assertEquals(409, duplicate.status(), duplicate.body());
    assertTrue(duplicate.json().getJsonArray("errors").toString().contains("#/email"));
  }

  @Test
  void anAdminChangesRoleAndTheSessionFollows() {
    Parley.User user = Parley.newUser("agent");
    String session = user.login();
    assertEquals(403, get("/api/v1/users", session).status());
    Parley.Reply promoted =
        Parley.call("PATCH", "/api/v1/users/" + user.id(), Parley.admin(), "{\"role\":\"admin\"}");
    assertEquals(200, promoted.status(), promoted.body());
    assertEquals(200, get("/api/v1/users", session).status(), "the open session sees the new role");
    assertEquals(
        422,
        Parley.call("PATCH", "/api/v1/users/" + user.id(), Parley.admin(), "{\"role\":\"root\"}")
            .status());
  }

  @Test
  void teamsGroupAgents() {
    Parley.User agent = Parley.newUser("agent");
    String name = "Billing " + Parley.unique();
    Parley.Reply team =
        post(
            "/api/v1/teams",
            Parley.admin(),
            "{\"name\":\"" + name + "\",\"description\":\"Invoices\"}");
    assertEquals(201, team.status(), team.body());
    long teamId = team.json().getJsonNumber("id").longValue();
    assertEquals(
        409,
        post("/api/v1/teams", Parley.admin(), "{\"name\":\"" + name.toLowerCase() + "\"}")
            .status());

    Parley.Reply added =
        Parley.call(
            "PUT", "/api/v1/teams/" + teamId + "/members/" + agent.id(), Parley.admin(), null);
    assertEquals(200, added.status(), added.body());
    assertEquals(
        agent.email(), added.json().getJsonArray("members").getJsonObject(0).getString("email"));
    String session = agent.login();
    JsonObject me = get("/api/v1/me", session).json();
    assertTrue(
        me.getJsonArray("teams").stream()
            .map(JsonValue::asJsonObject)
            .anyMatch(t -> t.getString("name").equals(name)));

    assertEquals(
        200,
        Parley.call(
                "DELETE",
                "/api/v1/teams/" + teamId + "/members/" + agent.id(),
                Parley.admin(),
                null)
            .status());
    assertEquals(0, get("/api/v1/me", session).json().getJsonArray("teams").size());
    assertEquals(
        204, Parley.call("DELETE", "/api/v1/teams/" + teamId, Parley.admin(), null).status());
    assertEquals(404, get("/api/v1/teams/" + teamId, Parley.admin()).status());
  }

  @Test
  void theDemoHelpCenterIsLoaded() {
    Parley.User agent = Parley.newUser("agent");
    Parley.Reply articles = get("/api/v1/articles?limit=100", agent.login());
    assertEquals(200, articles.status(), articles.body());
    assertTrue(articles.array().size() >= 10, articles.body());
    long id =
        articles.array().stream()
            .map(JsonValue::asJsonObject)
            .filter(a -> a.getString("slug").equals("account/reset-password"))
            .findFirst()
            .orElseThrow()
            .getJsonNumber("id")
            .longValue();
    JsonObject article = get("/api/v1/articles/" + id, agent.login()).json();
    assertEquals("Resetting your password", article.getString("title"));
    assertEquals("Account", article.getString("collection"));
    assertTrue(article.getString("body").contains("Forgot password?"));
    assertEquals(422, get("/api/v1/articles?status=lost", agent.login()).status());
  }
}
