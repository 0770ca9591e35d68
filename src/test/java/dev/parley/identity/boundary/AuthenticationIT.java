package dev.parley.identity.boundary;

import static dev.parley.testing.Parley.credentials;
import static dev.parley.testing.Parley.get;
import static dev.parley.testing.Parley.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** ID-1, ID-2, ID-5: signing in and out, throttling, no enumeration. */
class AuthenticationIT {

  private static final String LOGIN = "/api/v1/auth/login";

  /** Each test comes from its own client address, so per-address limits do not couple tests. */
  private static Parley.Reply login(String address, String email, String password) {
    return Parley.call(
        "POST", LOGIN, null, credentials(email, password), "X-Forwarded-For", address);
  }

  private static String address() {
    return "198.51.100." + (1 + Math.floorMod(Parley.unique().hashCode(), 250));
  }

  @Test
  void theFirstStartAdminSignsInWithTheOneTimePasswordFromTheLog() {
    Parley.Reply reply =
        post(LOGIN, null, credentials("admin@parley.local", Parley.firstAdminPassword()));
    assertEquals(200, reply.status(), reply.body());
    JsonObject body = reply.json();
    assertTrue(body.getString("token").startsWith("pst_"));
    assertEquals("Bearer", body.getString("tokenType"));
    assertNotNull(body.getString("expiresAt"));
    assertEquals("admin", body.getJsonObject("user").getString("role"));
    assertTrue(body.getJsonObject("user").getBoolean("passwordChangeRequired"));
    assertEquals("no-store", reply.header("Cache-Control"));
  }

  @Test
  void anonymousCallsGet401ProblemWithAChallenge() {
    Parley.Reply reply = get("/api/v1/me", null);
    assertEquals(401, reply.status());
    assertTrue(reply.contentType().startsWith("application/problem+json"));
    assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"));
    assertEquals(401, get("/api/v1/me", "pst_forged").status());
    assertEquals(401, get("/api/v1/me", "pat_forged").status());
  }

  @Test
  void aSessionWorksUntilLogout() {
    Parley.User agent = Parley.newUser("agent");
    String token = agent.login();
    assertEquals(agent.email(), get("/api/v1/me", token).json().getString("email"));
    assertEquals(204, post("/api/v1/auth/logout", token, null).status());
    assertEquals(401, get("/api/v1/me", token).status());
  }

  @Test
  void wrongPasswordAndUnknownEmailLookTheSame() {
    Parley.User agent = Parley.newUser("agent");
    String address = address();
    Parley.Reply wrongPassword = login(address, agent.email(), "not the password");
    Parley.Reply unknownEmail =
        login(address, "nobody-" + Parley.unique() + "@example.com", "not the password");
    assertEquals(401, wrongPassword.status());
    assertEquals(401, unknownEmail.status());
    JsonObject a = wrongPassword.json();
    JsonObject b = unknownEmail.json();
    assertEquals(a.getString("type"), b.getString("type"));
    assertEquals(a.getString("title"), b.getString("title"));
    assertEquals(a.getString("detail"), b.getString("detail"));
  }

  @Test
  void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
    Parley.User agent = Parley.newUser("agent");
    String address = address();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, login(address, agent.email(), "wrong " + i).status());
    }
    Parley.Reply locked = login(address(), agent.email(), agent.password());
    assertEquals(429, locked.status(), locked.body());
    assertTrue(locked.contentType().startsWith("application/problem+json"));
    assertTrue(Integer.parseInt(locked.header("Retry-After")) > 0);
  }

  @Test
  void unknownEmailsLockTheSameWaySoNothingIsRevealed() {
    String email = "ghost-" + Parley.unique() + "@example.com";
    String address = address();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, login(address, email, "wrong " + i).status());
    }
    assertEquals(429, login(address, email, "wrong again").status());
  }

  @Test
  void oneAddressTryingManyAccountsIsThrottled() {
    Parley.User agent = Parley.newUser("agent");
    String address = "203.0.113." + (1 + Math.floorMod(Parley.unique().hashCode(), 250));
    for (int i = 0; i < 30; i++) {
      assertEquals(
          401,
          login(address, "spray-" + i + "-" + Parley.unique() + "@example.com", "guess").status());
    }
    assertEquals(429, login(address, agent.email(), agent.password()).status());
    assertEquals(200, login(address(), agent.email(), agent.password()).status());
  }

  @Test
  void passwordResetRequestsRevealNothing() {
    Parley.User agent = Parley.newUser("agent");
    Parley.Reply known =
        post("/api/v1/auth/password-resets", null, "{\"email\":\"" + agent.email() + "\"}");
    Parley.Reply unknown =
        post(
            "/api/v1/auth/password-resets",
            null,
            "{\"email\":\"nobody-" + Parley.unique() + "@example.com\"}");
    assertEquals(202, known.status());
    assertEquals(202, unknown.status());
    assertEquals(known.body(), unknown.body());
    assertEquals(422, post("/api/v1/auth/password-resets", null, "{}").status());
  }

  @Test
  void deactivationEndsSessionsAndBlocksLogin() {
    Parley.User agent = Parley.newUser("agent");
    String token = agent.login();
    Parley.Reply patch =
        Parley.call("PATCH", "/api/v1/users/" + agent.id(), Parley.admin(), "{\"active\":false}");
    assertEquals(200, patch.status(), patch.body());
    assertFalse(patch.json().getBoolean("active"));
    assertEquals(401, get("/api/v1/me", token).status());
    assertEquals(401, login(address(), agent.email(), agent.password()).status());
  }

  @Test
  void aResetPasswordIsOneTimeAndTheUserChangesIt() {
    Parley.User agent = Parley.newUser("agent");
    String before = agent.login();
    Parley.Reply reset =
        post("/api/v1/users/" + agent.id() + "/password-reset", Parley.admin(), null);
    assertEquals(200, reset.status(), reset.body());
    String oneTime = reset.json().getString("oneTimePassword");
    assertEquals(401, get("/api/v1/me", before).status(), "a reset signs the user out");

    String session = Parley.login(agent.email(), oneTime);
    assertTrue(get("/api/v1/me", session).json().getBoolean("passwordChangeRequired"));
    Parley.Reply weak =
        Parley.call(
            "PUT",
            "/api/v1/me/password",
            session,
            "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"short\"}");
    assertEquals(422, weak.status());
    Parley.Reply wrongCurrent =
        Parley.call(
            "PUT",
            "/api/v1/me/password",
            session,
            "{\"currentPassword\":\"nope\",\"newPassword\":\"a much better password\"}");
    assertEquals(422, wrongCurrent.status());
    Parley.Reply changed =
        Parley.call(
            "PUT",
            "/api/v1/me/password",
            session,
            "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"a much better password\"}");
    assertEquals(204, changed.status(), changed.body());
    assertFalse(
        get("/api/v1/me", Parley.login(agent.email(), "a much better password"))
            .json()
            .getBoolean("passwordChangeRequired"));
    assertEquals(401, login(address(), agent.email(), oneTime).status());
  }
}
