package dev.parley.ticket.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** TK-4: a chat conversation becomes a ticket with its transcript, and both stay linked. */
class EscalationIT {

  @Test
  void anAgentEscalatesAConversationToALinkedTicket() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String token = agent.login();
    String email = "visitor-" + Parley.unique() + "@example.com";
    String secret = "note-" + Parley.unique();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      String startId = ChatFixture.clientId();
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "start")
              .add("id", startId)
              .add("text", "My order 1234 never arrived")
              .add("fields", Json.createObjectBuilder().add("name", "Grace").add("email", email))
              .build());
      long conversation =
          visitor
              .next(
                  e -> "ack".equals(e.getString("type")) && startId.equals(e.getString("id", "")),
                  "ack of start")
              .getJsonObject("conversation")
              .getJsonNumber("id")
              .longValue();
      String path = "/api/v1/conversations/" + conversation;
      assertEquals(
          201,
          Parley.post(
                  path + "/messages",
                  token,
                  "{\"id\":\"" + ChatFixture.clientId() + "\",\"text\":\"Let me check that\"}")
              .status());
      assertEquals(
          201,
          Parley.post(
                  path + "/messages",
                  token,
                  "{\"id\":\""
                      + ChatFixture.clientId()
                      + "\",\"text\":\""
                      + secret
                      + "\",\"note\":true}")
              .status());

      Parley.User outsider = Parley.newUser("agent");
      assertEquals(
          404, Parley.post(path + "/escalate", outsider.login(), "{}").status(), "not their inbox");
      Parley.Reply bad = Parley.post(path + "/escalate", token, "{\"team\":1}");
      assertEquals(422, bad.status());

      Parley.Reply escalated = Parley.post(path + "/escalate", token, "{\"priority\":\"high\"}");
      assertEquals(201, escalated.status(), escalated.toString());
      JsonObject ticket = escalated.json();
      long ticketId = ticket.getJsonNumber("id").longValue();
      assertEquals("chat", ticket.getString("via"));
      assertEquals("high", ticket.getString("priority"));
      assertEquals("My order 1234 never arrived", ticket.getString("subject"));
      assertEquals(conversation, ticket.getJsonNumber("conversation").longValue());
      assertEquals(chat.teamId, ticket.getJsonNumber("team").longValue());
      assertEquals(agent.id(), ticket.getJsonNumber("assignee").longValue());
      assertEquals(email, ticket.getJsonObject("requester").getString("email"));
      String transcript = ticket.getString("description");
      assertTrue(transcript.contains("Grace: My order 1234 never arrived"), transcript);
      assertTrue(transcript.contains("Let me check that"), transcript);
      assertFalse(transcript.contains(secret), "private notes stay out of the transcript");
      // the agents' notes, then (AS-6, made after the escalation) a summary: both internal
      JsonArray comments =
          org.awaitility.Awaitility.await()
              .atMost(java.time.Duration.ofSeconds(30))
              .until(
                  () -> Parley.get("/api/v1/tickets/" + ticketId + "/comments", token).array(),
                  c -> c.size() == 2);
      assertFalse(comments.getJsonObject(0).getBoolean("public"));
      assertTrue(comments.getJsonObject(0).getString("body").contains(secret));
      JsonObject summary = comments.getJsonObject(1);
      assertFalse(summary.getBoolean("public"));
      assertTrue(
          summary
              .getString("body")
              .startsWith("Summary of chat conversation " + conversation + ": "),
          summary.toString());

      assertEquals(ticketId, Parley.get(path, token).json().getJsonNumber("ticket").longValue());
      JsonObject system =
          visitor.next(
              e ->
                  "message".equals(e.getString("type"))
                      && e.getString("text", "").contains("#" + ticketId),
              "the escalation's system message");
      assertEquals("system", system.getString("kind"));
      Parley.Reply again = Parley.post(path + "/escalate", token, "{}");
      assertEquals(409, again.status(), again.toString());
    }
  }
}
