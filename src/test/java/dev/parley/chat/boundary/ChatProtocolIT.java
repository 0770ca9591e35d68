package dev.parley.chat.boundary;

import static dev.parley.testing.ChatFixture.clientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CH-2, CH-3: the chat protocol end to end with real WebSocket clients: a visitor and an agent
 * converse; acks come after storage; a retried client id is stored once; reconnecting resumes
 * exactly the missed messages; typing, read receipts and notes reach only whom they should.
 */
class ChatProtocolIT {

  static JsonObject start(ChatClient visitor, String text) throws InterruptedException {
    String id = clientId();
    visitor.send(
        Json.createObjectBuilder()
            .add("type", "start")
            .add("id", id)
            .add("text", text)
            .add("fields", Json.createObjectBuilder().add("name", "Ada").add("plan", "pro"))
            .build());
    JsonObject ack =
        visitor.next(
            e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")),
            "ack of start");
    return ack.getJsonObject("conversation");
  }

  static JsonObject send(ChatClient client, long conversation, String id, String text)
      throws InterruptedException {
    client.send(
        Json.createObjectBuilder()
            .add("type", "send")
            .add("id", id)
            .add("conversation", conversation)
            .add("text", text)
            .build());
    return client.next(
        e ->
            ("ack".equals(e.getString("type")) || "error".equals(e.getString("type")))
                && id.equals(e.getString("id", "")),
        "ack of " + id);
  }

  @Test
  void aVisitorAndAnAgentConverse() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    try (ChatClient staff = ChatClient.staff(Parley.baseUrl(), agent.login());
        ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      assertEquals("welcome", staff.next("welcome").getString("type"));
      JsonObject welcome = visitor.next("welcome");
      assertEquals(chat.inboxId, welcome.getJsonObject("inbox").getJsonNumber("inbox").longValue());

      JsonObject conversation = start(visitor, "Hello, my pen leaks");
      long id = conversation.getJsonNumber("id").longValue();
      assertEquals("handoff_pending", conversation.getString("state"));

      // the inbox updates live for the team's agent
      JsonObject created =
          staff.next(
              e ->
                  "conversation".equals(e.getString("type"))
                      && e.getJsonObject("conversation").getJsonNumber("id").longValue() == id,
              "the new conversation in the inbox");
      assertEquals(
          "Ada", created.getJsonObject("conversation").getJsonObject("visitor").getString("name"));
      assertEquals(
          "pro",
          created
              .getJsonObject("conversation")
              .getJsonObject("visitor")
              .getJsonObject("fields")
              .getString("plan"));

      staff.send(
          Json.createObjectBuilder()
              .add("type", "claim")
              .add("id", "c1")
              .add("conversation", id)
              .build());
      assertEquals(
          agent.id(),
          staff.next("ack").getJsonObject("conversation").getJsonNumber("assignee").longValue());
      JsonObject joined =
          visitor.next(
              e -> "message".equals(e.getString("type")) && "system".equals(e.getString("kind")),
              "joined");
      assertTrue(joined.getString("text").contains("joined"), joined.toString());

      JsonObject ack = send(staff, id, clientId(), "Sorry to hear that! Which model?");
      assertEquals("ack", ack.getString("type"));
      JsonObject reply =
          visitor.next(
              e -> "message".equals(e.getString("type")) && "agent".equals(e.getString("kind")),
              "reply");
      assertEquals("Sorry to hear that! Which model?", reply.getString("text"));
      assertEquals(ack.getJsonNumber("seq").longValue(), reply.getJsonNumber("seq").longValue());
      assertEquals(
          reply.getJsonNumber("seq").longValue() - 1, reply.getJsonNumber("prev").longValue());

      JsonObject visitorAck = send(visitor, id, clientId(), "The <b>Nib 3</b>");
      JsonObject received =
          staff.next(
              e -> "message".equals(e.getString("type")) && e.getString("text").contains("Nib"),
              "visitor's reply");
      assertEquals("visitor", received.getString("kind"));
      assertEquals("The <b>Nib 3</b>", received.getString("text"), "text is stored as written");
      assertEquals(visitorAck.getJsonNumber("seq"), received.getJsonNumber("seq"));
    }
  }

  @Test
  void aRetriedSendIsStoredOnce() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = start(visitor, "hi").getJsonNumber("id").longValue();
      String clientId = clientId();
      JsonObject first = send(visitor, id, clientId, "only once");
      JsonObject second = send(visitor, id, clientId, "only once");
      assertFalse(first.getBoolean("duplicate"));
      assertTrue(second.getBoolean("duplicate"));
      assertEquals(first.getJsonNumber("seq"), second.getJsonNumber("seq"));

      Parley.User admin = Parley.newUser("admin");
      JsonObject messages =
          Parley.get("/api/v1/conversations/" + id + "/messages", admin.login()).json();
      long stored =
          messages.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
              .filter(m -> m.getString("text").equals("only once"))
              .count();
      assertEquals(1, stored);
    }
  }

  @Test
  void reconnectingResumesExactlyTheMissedMessagesInOrder() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String agentToken = agent.login();
    String token = chat.visitorToken();
    long id;
    long lastSeen;
    try (ChatClient visitor = ChatClient.visitor(Parley.baseUrl(), token, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      JsonObject conversation = start(visitor, "hello");
      id = conversation.getJsonNumber("id").longValue();
      lastSeen = conversation.getJsonNumber("lastSeq").longValue();
    }
    List<Long> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Parley.Reply reply =
          Parley.post(
              "/api/v1/conversations/" + id + "/messages",
              agentToken,
              Json.createObjectBuilder()
                  .add("id", clientId())
                  .add("text", "missed " + i)
                  .build()
                  .toString());
      assertEquals(201, reply.status(), reply.toString());
      sent.add(reply.json().getJsonNumber("seq").longValue());
    }
    try (ChatClient visitor = ChatClient.visitor(Parley.baseUrl(), token, ChatFixture.ORIGIN)) {
      JsonObject welcome = visitor.next("welcome");
      assertEquals(
          id,
          welcome.getJsonArray("conversations").getJsonObject(0).getJsonNumber("id").longValue(),
          "a returning visitor's welcome lists their conversation");
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "resume")
              .add("conversations", Json.createObjectBuilder().add(Long.toString(id), lastSeen))
              .build());
      List<String> texts = new ArrayList<>();
      List<Long> seqs = new ArrayList<>();
      JsonObject envelope;
      while (!(envelope =
              visitor.next(
                  e -> List.of("message", "synced", "gap").contains(e.getString("type")), "replay"))
          .getString("type")
          .equals("synced")) {
        assertEquals("message", envelope.getString("type"), "no gap: all history is retained");
        if (!envelope.getString("kind").equals("system")) {
          texts.add(envelope.getString("text"));
          seqs.add(envelope.getJsonNumber("seq").longValue());
        }
      }
      assertEquals(List.of("missed 1", "missed 2", "missed 3"), texts);
      assertEquals(sent, seqs);
    }
  }

  @Test
  void historyBeyondTheReplayLimitIsSignalledAsAGap() throws Exception {
    // the IT server replays at most 50 messages (parley.chat.replay-limit in pom.xml)
    ChatFixture chat = ChatFixture.create("manual");
    String agentToken = chat.agent().login();
    String token = chat.visitorToken();
    long id;
    try (ChatClient visitor = ChatClient.visitor(Parley.baseUrl(), token, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      id = start(visitor, "hello").getJsonNumber("id").longValue();
    }
    for (int i = 0; i < 60; i++) {
      Parley.post(
          "/api/v1/conversations/" + id + "/messages",
          agentToken,
          Json.createObjectBuilder().add("id", clientId()).add("text", "m" + i).build().toString());
    }
    long last =
        Parley.get("/api/v1/conversations/" + id, agentToken)
            .json()
            .getJsonNumber("lastSeq")
            .longValue();
    try (ChatClient visitor = ChatClient.visitor(Parley.baseUrl(), token, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "resume")
              .add("conversations", Json.createObjectBuilder().add(Long.toString(id), 0))
              .build());
      JsonObject gap =
          visitor.next(e -> List.of("message", "gap").contains(e.getString("type")), "gap");
      assertEquals("gap", gap.getString("type"), "the gap comes first, never silence");
      assertEquals(1, gap.getJsonNumber("from").longValue());
      assertEquals(last - 50, gap.getJsonNumber("to").longValue());
      long expected = last - 50 + 1;
      JsonObject envelope;
      while (!(envelope =
              visitor.next(
                  e -> List.of("message", "synced").contains(e.getString("type")), "replay"))
          .getString("type")
          .equals("synced")) {
        assertEquals(expected++, envelope.getJsonNumber("seq").longValue());
      }
      assertEquals(last + 1, expected);
    }
  }

  @Test
  void notesAndTypingOfStaffStayWithStaffAndPrevSkipsNotes() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    Parley.User colleague = chat.agent();
    try (ChatClient staff = ChatClient.staff(Parley.baseUrl(), agent.login());
        ChatClient other = ChatClient.staff(Parley.baseUrl(), colleague.login());
        ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      staff.next("welcome");
      other.next("welcome");
      visitor.next("welcome");
      long id = start(visitor, "hi").getJsonNumber("id").longValue();
      staff.send(
          Json.createObjectBuilder()
              .add("type", "claim")
              .add("id", "c")
              .add("conversation", id)
              .build());
      staff.next("ack");
      other.send(
          Json.createObjectBuilder()
              .add("type", "watch")
              .add("id", "w")
              .add("conversation", id)
              .build());
      other.next("ack");
      JsonObject viewer = staff.next("viewer");
      assertEquals(colleague.id(), viewer.getJsonNumber("agent").longValue());
      assertTrue(viewer.getBoolean("viewing"));

      staff.send(
          Json.createObjectBuilder()
              .add("type", "send")
              .add("id", clientId())
              .add("conversation", id)
              .add("text", "internal: VIP")
              .add("note", true)
              .build());
      JsonObject note = other.nextMessage(id);
      while (!note.getString("kind").equals("note")) {
        note = other.nextMessage(id);
      }
      long noteSeq = note.getJsonNumber("seq").longValue();

      visitor.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("conversation", id)
              .add("on", true)
              .build());
      JsonObject typing = staff.next("typing");
      assertTrue(typing.getJsonObject("by").containsKey("visitor"));

      JsonObject ack = send(staff, id, clientId(), "public reply");
      JsonObject reply =
          visitor.next(
              e -> "message".equals(e.getString("type")) && "agent".equals(e.getString("kind")),
              "the reply");
      assertEquals(ack.getJsonNumber("seq"), reply.getJsonNumber("seq"));
      assertEquals(noteSeq - 1, reply.getJsonNumber("prev").longValue(), "prev skips the note");
      assertTrue(
          visitor.seen().stream()
              .noneMatch(
                  e ->
                      "note".equals(e.getString("kind", ""))
                          || e.toString().contains("internal: VIP")),
          "the visitor never receives a note");

      visitor.send(
          Json.createObjectBuilder()
              .add("type", "read")
              .add("conversation", id)
              .add("seq", reply.getJsonNumber("seq").longValue())
              .build());
      JsonObject read = staff.next("read");
      assertEquals("visitor", read.getString("by"));
      assertEquals(reply.getJsonNumber("seq").longValue(), read.getJsonNumber("seq").longValue());
    }
  }

  @Test
  void aVisitorEndsTheConversation() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = start(visitor, "never mind").getJsonNumber("id").longValue();
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "close")
              .add("id", "x")
              .add("conversation", id)
              .build());
      JsonObject ack = visitor.next(e -> "x".equals(e.getString("id", "")), "ack of close");
      assertEquals("closed", ack.getJsonObject("conversation").getString("state"));
      JsonObject notice =
          visitor.next(
              e ->
                  "message".equals(e.getString("type"))
                      && "system".equals(e.getString("kind"))
                      && e.getString("text").contains("closed"),
              "closed notice");
      assertTrue(notice.getString("text").startsWith("The visitor"));
    }
  }

  @Test
  void closingAndRating() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String agentToken = agent.login();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = start(visitor, "hi").getJsonNumber("id").longValue();
      assertEquals(
          200, Parley.post("/api/v1/conversations/" + id + "/claim", agentToken, null).status());
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "rate")
              .add("id", "r0")
              .add("conversation", id)
              .add("score", 5)
              .build());
      assertEquals("conflict", visitor.next("error").getString("code"), "rated only once closed");

      Parley.Reply closed = Parley.post("/api/v1/conversations/" + id + "/close", agentToken, null);
      assertEquals("closed", closed.json().getString("state"));
      JsonObject change =
          visitor.next(
              e ->
                  "conversation".equals(e.getString("type"))
                      && "closed".equals(e.getJsonObject("conversation").getString("state")),
              "closed");
      assertFalse(
          change.getJsonObject("conversation").containsKey("visitor"),
          "visitors get no staff view");

      JsonObject refused = send(visitor, id, clientId(), "one more thing");
      assertEquals("conflict", refused.getString("code"));

      visitor.send(
          Json.createObjectBuilder()
              .add("type", "rate")
              .add("id", "r1")
              .add("conversation", id)
              .add("score", 4)
              .add("comment", "quick help")
              .build());
      assertEquals(
          "ack",
          visitor.next(e -> "r1".equals(e.getString("id", "")), "ack of rating").getString("type"));
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "rate")
              .add("id", "r2")
              .add("conversation", id)
              .add("score", 1)
              .build());
      assertEquals(
          "conflict",
          visitor.next(e -> "r2".equals(e.getString("id", "")), "second rating").getString("code"));

      JsonObject csat =
          Parley.get("/api/v1/conversations/" + id, agentToken).json().getJsonObject("csat");
      assertEquals(4, csat.getInt("score"));
      assertEquals("quick help", csat.getString("comment"));

      assertEquals(
          "human",
          Parley.post("/api/v1/conversations/" + id + "/reopen", agentToken, null)
              .json()
              .getString("state"));
    }
  }
}
