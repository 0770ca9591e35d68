package dev.parley.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** PLAT-3: every API error is RFC 9457 problem+json carrying the request id. */
class ProblemsIT {

  private static JsonObject problem(Parley.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    JsonObject body = reply.json();
    assertEquals(status, body.getInt("status"));
    assertTrue(body.getString("type").startsWith("https://"));
    assertNotNull(body.getString("title"));
    assertEquals(reply.header("X-Request-Id"), body.getString("requestId"));
    return body;
  }

  @Test
  void unknownPathsAre404() {
    problem(Parley.get("/api/v1/no-such-thing", Parley.admin()), 404);
    problem(Parley.get("/api/v1/users/999999999", Parley.admin()), 404);
  }

  @Test
  void wrongMethodIs405WithAllow() {
    Parley.Reply reply = Parley.call("DELETE", "/api/v1/me", Parley.admin(), null);
    problem(reply, 405);
    assertNotNull(reply.header("Allow"));
  }

  @Test
  void brokenJsonIs400() {
    JsonObject body = problem(Parley.post("/api/v1/teams", Parley.admin(), "{\"name\": "), 400);
    assertTrue(body.getString("detail").contains("JSON"), body.toString());
    problem(Parley.post("/api/v1/teams", Parley.admin(), "{\"name\": [1, 2]}"), 400);
  }

  @Test
  void wrongMediaTypeIs415() {
    problem(
        Parley.call("POST", "/api/v1/teams", Parley.admin(), null, "Content-Type", "text/plain"),
        415);
  }

  @Test
  void invalidFieldsAre422WithPointers() {
    JsonObject body =
        problem(
            Parley.post(
                "/api/v1/users", Parley.admin(), "{\"email\":\"not-an-email\",\"role\":\"boss\"}"),
            422);
    String errors = body.getJsonArray("errors").toString();
    assertTrue(errors.contains("#/email"), errors);
    assertTrue(errors.contains("#/displayName"), errors);
    assertTrue(errors.contains("#/role"), errors);
  }

  @Test
  void theCallersRequestIdIsKept() {
    Parley.Reply reply =
        Parley.call("GET", "/api/v1/me", null, null, "X-Request-Id", "trace-12345678");
    assertEquals("trace-12345678", problem(reply, 401).getString("requestId"));
    Parley.Reply generated =
        Parley.call("GET", "/api/v1/me", null, null, "X-Request-Id", "bad id!");
    assertTrue(!problem(generated, 401).getString("requestId").equals("bad id!"));
  }
}
