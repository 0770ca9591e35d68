package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ID-9: the console's session is an HttpOnly, SameSite=Strict cookie no script can read, and what
 * it signs that changes anything (REST writes, the staff WebSocket) must come from Parley's own
 * pages.
 */
class ConsoleSessionIT {

  private static final String EVIL = "https://evil.example";

  private static Parley.Reply cookieLogin(Parley.User user) {
    return Parley.post(
        "/api/v1/auth/login",
        null,
        Json.createObjectBuilder()
            .add("email", user.email())
            .add("password", user.password())
            .add("cookie", true)
            .build()
            .toString());
  }

  /** The session cookie's value from a login's Set-Cookie. */
  private static String session(Parley.Reply login) {
    String set = login.header("Set-Cookie");
    assertTrue(set != null && set.startsWith("parley_session="), "a session cookie: " + set);
    return set.substring("parley_session=".length(), set.indexOf(';'));
  }

  @Test
  void aCookieLoginSetsAnHttpOnlyStrictCookieAndNoTokenInTheBody() {
    Parley.User agent = Parley.newUser("agent");
    Parley.Reply login = cookieLogin(agent);
    assertEquals(200, login.status(), login.toString());
    String set = login.header("Set-Cookie");
    assertTrue(set.contains("; HttpOnly"), set);
    assertTrue(set.contains("; SameSite=Strict"), set);
    assertTrue(set.contains("; Path=/"), set);
    assertTrue(set.contains("; Secure"), "localhost keeps a Secure cookie: " + set);
    assertTrue(set.matches(".*; Max-Age=\\d+.*"), set);
    assertFalse(login.json().containsKey("token"), login.body());
    assertEquals("Cookie", login.json().getString("tokenType"));
    assertEquals(agent.email(), login.json().getJsonObject("user").getString("email"));
    assertTrue(login.header("Cache-Control").startsWith("no-store"), login.header("Cache-Control"));
  }

  @Test
  void theCookieSignsReadsAndOwnPageWritesButNotWritesFromElsewhere() {
    Parley.User agent = Parley.newUser("agent");
    String cookie = "parley_session=" + session(cookieLogin(agent));
    String own = Parley.baseUrl();

    Parley.Reply me = Parley.call("GET", "/api/v1/me", null, null, "Cookie", cookie);
    assertEquals(200, me.status(), me.toString());
    assertEquals(agent.email(), me.json().getString("email"));

    String change = "{\"currentPassword\":\"wrong-one\",\"newPassword\":\"another-long-password\"}";
    for (String[] headers :
        new String[][] {
          {"Cookie", cookie},
          {"Cookie", cookie, "Origin", EVIL},
          {"Cookie", cookie, "Origin", "null"}
        }) {
      Parley.Reply refused = Parley.call("PUT", "/api/v1/me/password", null, change, headers);
      assertEquals(403, refused.status(), refused.toString());
      assertTrue(refused.contentType().startsWith("application/problem+json"));
    }
    Parley.Reply logoutElsewhere =
        Parley.call("POST", "/api/v1/auth/logout", null, null, "Cookie", cookie, "Origin", EVIL);
    assertEquals(403, logoutElsewhere.status());
    assertEquals(200, Parley.call("GET", "/api/v1/me", null, null, "Cookie", cookie).status());

    Parley.Reply logout =
        Parley.call("POST", "/api/v1/auth/logout", null, null, "Cookie", cookie, "Origin", own);
    assertEquals(204, logout.status(), logout.toString());
    String cleared = logout.header("Set-Cookie");
    assertTrue(cleared.startsWith("parley_session=;") && cleared.contains("Max-Age=0"), cleared);
    assertEquals(401, Parley.call("GET", "/api/v1/me", null, null, "Cookie", cookie).status());
  }

  @Test
  void aPublicEndpointIgnoresTheCookieFromAnotherOrigin() {
    Parley.User agent = Parley.newUser("agent");
    String cookie = "parley_session=" + session(cookieLogin(agent));
    // e.g. the widget on a page of the same site: anonymous, neither refused nor signed in
    Parley.Reply reset =
        Parley.call(
            "POST",
            "/api/v1/auth/password-resets",
            null,
            "{\"email\":\"nobody-" + Parley.unique() + "@example.com\"}",
            "Cookie",
            cookie,
            "Origin",
            EVIL,
            "X-Forwarded-For",
            Parley.someAddress());
    assertEquals(202, reset.status(), reset.toString());
  }

  @Test
  void malformedOrForgedCookiesAreNotSessions() {
    for (String cookie :
        new String[] {
          "parley_session=", "parley_session=pst_forged", "parley_session=\"x\"", "other=1"
        }) {
      Parley.Reply me = Parley.call("GET", "/api/v1/me", null, null, "Cookie", cookie);
      assertEquals(401, me.status(), cookie + " -> " + me);
    }
  }

  @Test
  void theStaffSocketTakesTheCookieOnlyFromParleysOwnPages() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    String cookie = "parley_session=" + session(cookieLogin(agent));
    StaffSocketIT.Client client = new StaffSocketIT.Client();
    WebSocket socket = socket(client, cookie, Parley.baseUrl()).get(10, TimeUnit.SECONDS);
    assertEquals("welcome", client.nextJson().getString("type"));
    socket.abort();

    assertEquals(403, refusal(socket(new StaffSocketIT.Client(), cookie, EVIL)));
    assertEquals(403, refusal(socket(new StaffSocketIT.Client(), cookie, null)));
  }

  private static java.util.concurrent.CompletableFuture<WebSocket> socket(
      StaffSocketIT.Client client, String cookie, String origin) {
    WebSocket.Builder builder =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("parley.v1")
            .header("Cookie", cookie);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return builder.buildAsync(
        URI.create(Parley.baseUrl().replaceFirst("^http", "ws") + "/ws/v1/staff"), client);
  }

  private static int refusal(java.util.concurrent.CompletableFuture<WebSocket> attempt)
      throws Exception {
    try {
      attempt.get(10, TimeUnit.SECONDS).abort();
      throw new AssertionError("the handshake was accepted");
    } catch (ExecutionException e) {
      return assertInstanceOf(WebSocketHandshakeException.class, e.getCause())
          .getResponse()
          .statusCode();
    }
  }

  @Test
  void consolePagesCarryAStrictContentSecurityPolicy() {
    for (String path :
        new String[] {"/console/", "/console/js/app.js", "/console/i18n/zh-CN.json"}) {
      Parley.Reply page = Parley.call("GET", path, null, null);
      assertEquals(200, page.status(), path);
      String policy = page.header("Content-Security-Policy");
      assertTrue(policy != null && policy.contains("script-src 'self'"), path + ": " + policy);
      assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
      assertTrue(policy.contains("frame-ancestors 'none'"), policy);
      assertEquals("nosniff", page.header("X-Content-Type-Options"));
    }
  }
}
