package dev.parley.identity.boundary;

import static dev.parley.testing.Parley.get;
import static dev.parley.testing.Parley.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** ID-3: scoped, revocable API tokens shown once. */
class ApiTokensIT {

  private static JsonObject listed(String secret) {
    return Parley.get("/api/v1/api-tokens", Parley.admin()).array().stream()
        .map(JsonValue::asJsonObject)
        .filter(t -> secret.startsWith(t.getString("prefix")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTicketsReadTokenIsRefusedOnAdminEndpoints() {
    String token = Parley.newApiToken("tickets:read");
    JsonObject me = get("/api/v1/me", token).json();
    assertEquals("api_token", me.getString("kind"));
    assertEquals("[\"tickets:read\"]", me.getJsonArray("scopes").toString());
    Parley.Reply refused = get("/api/v1/users", token);
    assertEquals(403, refused.status());
    assertTrue(refused.json().getString("detail").contains("admin"));
    assertEquals(403, get("/api/v1/articles", token).status(), "kb:read is needed for articles");
  }

  @Test
  void scopesGrantExactlyTheirEndpoints() {
    assertEquals(200, get("/api/v1/users", Parley.newApiToken("admin")).status());
    assertEquals(200, get("/api/v1/articles", Parley.newApiToken("kb:read")).status());
  }

  @Test
  void tokensCannotMintTokens() {
    String admin = Parley.newApiToken("admin");
    assertEquals(
        403, post("/api/v1/api-tokens", admin, "{\"name\":\"x\",\"scopes\":[\"admin\"]}").status());
    assertEquals(403, get("/api/v1/api-tokens", admin).status());
  }

  @Test
  void aRevokedTokenIsRefused() {
    String token = Parley.newApiToken("kb:read");
    assertEquals(200, get("/api/v1/articles", token).status());
    long id = listed(token).getJsonNumber("id").longValue();
    assertEquals(
        204, Parley.call("DELETE", "/api/v1/api-tokens/" + id, Parley.admin(), null).status());
    assertEquals(401, get("/api/v1/articles", token).status());
    assertTrue(listed(token).getBoolean("revoked"));
  }

  @Test
  void theSecretIsShownOnceAndUseIsRecorded() {
    String token = Parley.newApiToken("kb:read");
    JsonObject before = listed(token);
    assertFalse(before.containsKey("token"));
    assertFalse(Parley.get("/api/v1/api-tokens", Parley.admin()).body().contains(token));
    assertFalse(before.containsKey("lastUsedAt"));
    get("/api/v1/articles", token);
    assertNotNull(listed(token).getString("lastUsedAt"));
  }

  @Test
  void badScopesAreNamed() {
    Parley.Reply reply =
        post(
            "/api/v1/api-tokens",
            Parley.admin(),
            "{\"name\":\"x\",\"scopes\":[\"kb:read\",\"tickets:delete\"]}");
    assertEquals(422, reply.status());
    assertTrue(reply.json().getJsonArray("errors").toString().contains("#/scopes/1"), reply.body());
    assertEquals(
        422, post("/api/v1/api-tokens", Parley.admin(), "{\"name\":\"x\",\"scopes\":[]}").status());
  }
}
