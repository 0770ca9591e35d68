package dev.parley.chat.boundary;

import static dev.parley.testing.ChatFixture.clientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * CH-6: who may reach what. The Origin is checked at the widget session and at the handshake; a
 * visitor token grants its own conversations only; an agent reaches only their teams' inboxes;
 * oversized frames and floods close the connection.
 */
class ChatSecurityIT {

  private static int refusal(ThrowingConnect connect) throws Exception {
    try {
      connect.run().close();
      throw new AssertionError("the handshake was accepted");
    } catch (ExecutionException e) {
      return assertInstanceOf(WebSocketHandshakeException.class, e.getCause())
          .getResponse()
          .statusCode();
    }
  }

  interface ThrowingConnect {
    ChatClient run() throws Exception;
  }

  @Test
  void aForeignOriginGetsNoWidgetSessionAndNoSocket() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    String body = Json.createObjectBuilder().add("widgetKey", chat.widgetKey).build().toString();
    Parley.Reply foreign =
        Parley.call(
            "POST",
            "/api/v1/widget/sessions",
            null,
            body,
            "Origin",
            "https://evil.example",
            "X-Forwarded-For",
            Parley.someAddress());
    assertEquals(403, foreign.status());
    assertEquals("application/problem+json", foreign.contentType());
    Parley.Reply unknown =
        Parley.call(
            "POST",
            "/api/v1/widget/sessions",
            null,
            "{\"widgetKey\":\"wk_nope\"}",
            "Origin",
            ChatFixture.ORIGIN);
    assertEquals(422, unknown.status());
    assertEquals(
        "#/widgetKey", unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));

    String token = chat.visitorToken();
    assertEquals(
        403, refusal(() -> ChatClient.visitor(Parley.baseUrl(), token, "https://evil.example")));
    assertEquals(403, refusal(() -> ChatClient.visitor(Parley.baseUrl(), token, null)));
    assertEquals(
        401, refusal(() -> ChatClient.visitor(Parley.baseUrl(), "forged", ChatFixture.ORIGIN)));
    assertEquals(
        401,
        refusal(
            () ->
                ChatClient.connect(
                    Parley.baseUrl() + "/ws/v1/visitor", ChatFixture.ORIGIN, "parley.v1")));
  }

  @Test
  void theEmbeddedDefaultHasADemoInboxForItsOwnOrigin() {
    String own = Parley.baseUrl(); // PARLEY_PUBLIC_URL follows the port: http://localhost:19080
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("PARLEY_DB_URL") == null, "the demo inbox is the embedded default's");
    String body = "{\"widgetKey\":\"demo\"}";
    assertEquals(
        201,
        Parley.call(
                "POST",
                "/api/v1/widget/sessions",
                null,
                body,
                "Origin",
                own,
                "X-Forwarded-For",
                Parley.someAddress())
            .status());
    assertEquals(
        403,
        Parley.call(
                "POST",
                "/api/v1/widget/sessions",
                null,
                body,
                "Origin",
                "http://localhost:9081",
                "X-Forwarded-For",
                Parley.someAddress())
            .status());
  }

  @Test
  void aVisitorReachesOnlyTheirOwnConversations() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient alice =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
        ChatClient bob =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      alice.next("welcome");
      bob.next("welcome");
      long mine =
          ChatProtocolIT.start(alice, "my secret order 1234").getJsonNumber("id").longValue();

      JsonObject send = ChatProtocolIT.send(bob, mine, clientId(), "let me in");
      assertEquals("error", send.getString("type"));
      assertEquals("not_found", send.getString("code"));

      bob.send(
          Json.createObjectBuilder()
              .add("type", "resume")
              .add("id", "r")
              .add("conversations", Json.createObjectBuilder().add(Long.toString(mine), 0))
              .build());
      assertEquals("not_found", bob.next("error").getString("code"));
      bob.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("id", "t")
              .add("conversation", mine)
              .build());
      assertEquals("not_found", bob.next("error").getString("code"));
      bob.send(
          Json.createObjectBuilder()
              .add("type", "claim")
              .add("id", "c")
              .add("conversation", mine)
              .build());
      assertEquals("invalid", bob.next("error").getString("code"), "claim is for staff");

      bob.assertNone("message", 500);
      assertTrue(bob.seen().stream().noneMatch(e -> e.toString().contains("1234")));
    }
  }

  @Test
  void removingAnOriginLocksItsWidgetsOutAtOnce() throws Exception {
    ChatFixture one = ChatFixture.create("manual");
    String token = one.visitorToken();
    Parley.Reply change =
        Parley.call(
            "PATCH",
            "/api/v1/inboxes/" + one.inboxId,
            Parley.admin(),
            "{\"allowedOrigins\":[\"https://other.example\"]}");
    assertEquals(200, change.status(), change.toString());
    assertEquals(
        403, refusal(() -> ChatClient.visitor(Parley.baseUrl(), token, ChatFixture.ORIGIN)));
  }

  @Test
  void anAgentReachesOnlyTheirTeamsInboxes() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    ChatFixture elsewhere = ChatFixture.create("manual");
    String outsider = elsewhere.agent().login();
    try (ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
        ChatClient staff = ChatClient.staff(Parley.baseUrl(), outsider)) {
      visitor.next("welcome");
      staff.next("welcome");
      long id = ChatProtocolIT.start(visitor, "hello").getJsonNumber("id").longValue();

      assertEquals(404, Parley.get("/api/v1/conversations/" + id, outsider).status());
      assertEquals(404, Parley.get("/api/v1/conversations/" + id + "/messages", outsider).status());
      assertEquals(
          404, Parley.post("/api/v1/conversations/" + id + "/claim", outsider, null).status());
      assertEquals(404, Parley.get("/api/v1/inboxes/" + chat.inboxId, outsider).status());
      assertTrue(
          Parley.get("/api/v1/conversations?view=teams", outsider).array().stream()
              .noneMatch(c -> c.asJsonObject().getJsonNumber("id").longValue() == id));
      assertEquals(403, Parley.get("/api/v1/conversations?view=all", outsider).status());

      staff.send(
          Json.createObjectBuilder()
              .add("type", "watch")
              .add("id", "w")
              .add("conversation", id)
              .build());
      assertEquals("not_found", staff.next("error").getString("code"));
      ChatProtocolIT.send(visitor, id, clientId(), "private words");
      staff.assertNone("message", 500);
      assertTrue(staff.seen().stream().noneMatch(e -> e.toString().contains("private words")));
    }
  }

  @Test
  void anOversizedFrameClosesTheConnection() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      visitor.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000) + "\"}");
      assertEquals(1009, visitor.awaitClose());
    }
  }

  @Test
  void aTooLongMessageIsRefusedWithTheFieldNamed() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = ChatProtocolIT.start(visitor, "hi").getJsonNumber("id").longValue();
      JsonObject error = ChatProtocolIT.send(visitor, id, clientId(), "y".repeat(10_001));
      assertEquals("invalid", error.getString("code"));
      assertTrue(error.getJsonObject("fields").containsKey("text"));
    }
  }

  /**
   * CH-6: a burst over the budget (30) loses nothing that was within it: each message within the
   * budget is stored and acknowledged, each one over it is refused by its id with the delay to
   * retry after, the connection stays open, and a retry after that delay is stored.
   */
  @Test
  void aBurstOverTheBudgetRefusesOnlyTheExcessByItsId() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long conversation = ChatProtocolIT.start(visitor, "hi").getJsonNumber("id").longValue();
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 35; i++) {
        String id = clientId();
        ids.add(id);
        visitor.send(
            jakarta.json.Json.createObjectBuilder()
                .add("type", "send")
                .add("id", id)
                .add("conversation", conversation)
                .add("text", "burst " + i)
                .build());
      }
      int acked = 0;
      java.util.List<JsonObject> refused = new java.util.ArrayList<>();
      for (String id : ids) {
        JsonObject answer =
            visitor.next(
                e ->
                    id.equals(e.getString("id", ""))
                        && ("ack".equals(e.getString("type", ""))
                            || "error".equals(e.getString("type", ""))),
                "the answer to " + id);
        if ("ack".equals(answer.getString("type"))) {
          acked++;
        } else {
          assertEquals("rate_limited", answer.getString("code"), answer.toString());
          assertTrue(answer.getJsonNumber("retryAfterMs").longValue() > 0, answer.toString());
          refused.add(answer);
        }
      }
      assertTrue(acked >= 28, "what was within the budget is stored: " + acked + " acks");
      assertEquals(35, acked + refused.size());
      assertTrue(!refused.isEmpty(), "the excess is refused");
      // the client follows the rule: waits, sends the refused ones again with the same id
      Thread.sleep(refused.get(0).getJsonNumber("retryAfterMs").longValue() * refused.size() + 200);
      for (JsonObject r : refused) {
        String id = r.getString("id");
        int n = ids.indexOf(id);
        assertEquals(
            "ack", ChatProtocolIT.send(visitor, conversation, id, "burst " + n).getString("type"));
      }
      JsonObject messages =
          Parley.get("/api/v1/conversations/" + conversation + "/messages", chat.agent().login())
              .json();
      assertEquals(
          36,
          messages.getJsonArray("messages").stream()
              .filter(m -> "visitor".equals(m.asJsonObject().getString("kind", "")))
              .count(),
          "each stored exactly once");
    }
  }

  @Test
  void aClientThatIgnoresTheRefusalsIsClosedAsAPolicyViolation() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      try {
        for (int i = 0; i < 400; i++) {
          visitor.sendRaw("{\"type\":\"ping\"}");
        }
      } catch (RuntimeException closedMeanwhile) {
        // the server may close before the client has sent them all
      }
      assertEquals("rate_limited", visitor.next("error").getString("code"));
      assertEquals(1008, visitor.awaitClose());
    }
  }

  /** ID-2: a browser page on another origin cannot open a staff connection with a token. */
  @Test
  void staffConnectionsComeOnlyFromParleysOwnOrigin() throws Exception {
    String token = Parley.newUser("agent").login();
    assertEquals(
        403,
        refusal(
            () ->
                ChatClient.connect(
                    Parley.baseUrl() + "/ws/v1/staff",
                    "https://evil.example",
                    "parley.v1",
                    "bearer." + token)));
    try (ChatClient own =
        ChatClient.connect(
            Parley.baseUrl() + "/ws/v1/staff", Parley.baseUrl(), "parley.v1", "bearer." + token)) {
      assertEquals("welcome", own.next("welcome").getString("type"));
    }
  }

  /** A NUL in a message is refused by name, never handed to the database. */
  @Test
  void textNoStoreCanKeepIsRefused() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = ChatProtocolIT.start(visitor, "hi").getJsonNumber("id").longValue();
      JsonObject error = ChatProtocolIT.send(visitor, id, clientId(), "nul\u0000here");
      assertEquals("invalid", error.getString("code"), error.toString());
      assertTrue(error.getJsonObject("fields").containsKey("text"), error.toString());
    }
  }

  /** CH-6: widget sessions are limited per address: a scripted flood gets 429, not tokens. */
  @Test
  void widgetSessionsAreLimitedPerAddress() {
    ChatFixture chat = ChatFixture.create("manual");
    String address = Parley.someAddress();
    String body = "{\"widgetKey\":\"" + chat.widgetKey + "\"}";
    Parley.Reply last = null;
    int created = 0;
    for (int i = 0; i < 40; i++) {
      last = widgetSession(body, address);
      if (last.status() == 201) {
        created++;
      }
    }
    assertTrue(created >= 1 && created <= 30, created + " sessions for one address in a minute");
    assertEquals(429, last.status(), last.body());
    assertTrue(last.contentType().startsWith("application/problem+json"));
    assertTrue(Integer.parseInt(last.header("Retry-After")) > 0);
    // another address is not affected
    assertEquals(201, widgetSession(body, Parley.someAddress()).status());
  }

  private static Parley.Reply widgetSession(String body, String address) {
    return Parley.call(
        "POST",
        "/api/v1/widget/sessions",
        null,
        body,
        "Origin",
        ChatFixture.ORIGIN,
        "X-Forwarded-For",
        address);
  }
}
