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

  /** ID-7: the first-start admin's one-time password from the log worked once (admin()). */
  @Test
  void theFirstStartAdminsOneTimePasswordSignsInOnlyOnce() {
    String session = Parley.admin(); // signed in with it, set a password, signed in again
    assertEquals(200, get("/api/v1/me", session).status());
    Parley.Reply again = login(address(), Parley.ADMIN_EMAIL, Parley.firstAdminPassword());
    assertEquals(401, again.status(), again.body());
  }

  @Test
  void aSignInAnswersATokenThatIsNeverCached() {
    Parley.User agent = Parley.newUser("agent");
    Parley.Reply reply = login(address(), agent.email(), agent.password());
    assertEquals(200, reply.status(), reply.body());
    JsonObject body = reply.json();
    assertTrue(body.getString("token").startsWith("pst_"));
    assertEquals("Bearer", body.getString("tokenType"));
    assertNotNull(body.getString("expiresAt"));
    assertEquals("agent", body.getJsonObject("user").getString("role"));
    assertFalse(body.getJsonObject("user").getBoolean("passwordChangeRequired"));
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

  /** ID-5: a guesser is stopped, even with the right password; the owner elsewhere is not. */
  @Test
  void repeatedFailuresLockTheAccountForThatAddressOnly() {
    Parley.User agent = Parley.newUser("agent");
    String stranger = address();
    for (int i = 0; i < 5; i++) {
      assertEquals(401, login(stranger, agent.email(), "wrong " + i).status());
    }
    Parley.Reply locked = login(stranger, agent.email(), agent.password());
    assertEquals(429, locked.status(), locked.body());
    assertTrue(locked.contentType().startsWith("application/problem+json"));
    assertTrue(Integer.parseInt(locked.header("Retry-After")) > 0);
    Parley.Reply owner =
        login(
            "192.0.2." + (1 + Math.floorMod(stranger.hashCode(), 250)),
            agent.email(),
            agent.password());
    assertEquals(200, owner.status(), "a stranger cannot lock the owner out: " + owner.body());
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

  private static Parley.Reply reset(String address, String email) {
    return Parley.call(
        "POST",
        "/api/v1/auth/password-resets",
        null,
        "{\"email\":\"" + email + "\"}",
        "X-Forwarded-For",
        address);
  }

  @Test
  void passwordResetRequestsRevealNothing() {
    Parley.User agent = Parley.newUser("agent");
    Parley.Reply known = reset(address(), agent.email());
    Parley.Reply unknown = reset(address(), "nobody-" + Parley.unique() + "@example.com");
    assertEquals(202, known.status());
    assertEquals(202, unknown.status());
    assertEquals(known.body(), unknown.body());
    assertEquals(
        422,
        Parley.call(
                "POST", "/api/v1/auth/password-resets", null, "{}", "X-Forwarded-For", address())
            .status());
  }

  /** ID-5: reset requests are limited per address and per email (each one notifies admins). */
  @Test
  void passwordResetRequestsAreLimitedPerAddressAndPerEmail() {
    String address = "203.0.113." + (1 + Math.floorMod(Parley.unique().hashCode(), 250));
    Parley.Reply last = null;
    for (int i = 0; i < 6; i++) {
      last = reset(address, "someone-" + Parley.unique() + "@example.com");
    }
    assertEquals(429, last.status(), last.body());
    assertTrue(last.contentType().startsWith("application/problem+json"));
    assertTrue(Integer.parseInt(last.header("Retry-After")) > 0);

    String email = "target-" + Parley.unique() + "@example.com";
    for (int i = 0; i < 3; i++) {
      assertEquals(202, reset(address(), email).status());
    }
    assertEquals(429, reset(address(), email).status(), "a fourth request for one email");
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
    // ID-7: until it is changed, the session may do nothing else, and the password works once
    Parley.Reply blocked = get("/api/v1/tickets", session);
    assertEquals(403, blocked.status(), blocked.body());
    assertTrue(blocked.json().getString("type").endsWith("/password-change-required"));
    assertEquals(403, get("/api/v1/conversations", session).status());
    assertEquals(401, login(address(), agent.email(), oneTime).status(), "signs in only once");
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
    assertEquals(200, get("/api/v1/tickets", session).status(), "the session is free now");
    assertFalse(
        get("/api/v1/me", Parley.login(agent.email(), "a much better password"))
            .json()
            .getBoolean("passwordChangeRequired"));
    assertEquals(401, login(address(), agent.email(), oneTime).status());
  }
}
