package dev.parley.chat.boundary;

import static dev.parley.testing.ChatFixture.clientId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CH-7: two nodes on one PostgreSQL and one Artemis broker, Infinispan clustered over loopback. A
 * visitor on one node and an agent on the other converse, presence and assignment see the whole
 * cluster, and a node killed with {@code kill -9} loses nothing: its clients reconnect to the other
 * node and resume with no message lost or stored twice. Runs in the test command's PostgreSQL pass,
 * where the integration-test server is node A.
 */
class TwoNodeChatIT {

  /** Starts node B, clustered with the integration-test server (node A, JGroups port 7800). */
  static ServerCopy nodeB() throws Exception {
    Map<String, String> env = ServerCopy.sharedStack();
    env.put("PARLEY_CLUSTER_ENABLED", "true");
    env.put("PARLEY_JGROUPS_BIND_ADDR", "127.0.0.1");
    env.put("PARLEY_JGROUPS_PORT", "7801");
    env.put("PARLEY_JGROUPS_INITIAL_HOSTS", "127.0.0.1[7800],127.0.0.1[7801]");
    ServerCopy node = ServerCopy.of("parley-node-b").start(env);
    assertTrue(node.awaitReady(180), "node B did not become ready");
    JsonObject health =
        Json.createReader(
                new java.io.StringReader(
                    java.net.http.HttpClient.newHttpClient()
                        .send(
                            java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(node.baseUrl() + "/health/ready"))
                                .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body()))
            .readObject();
    assertTrue(
        health.toString().contains("2 members"), "node B joined node A's cluster: " + health);
    return node;
  }

  @Test
  void aVisitorOnOneNodeAndAnAgentOnTheOtherConverse() throws Exception {
    try (ServerCopy b = nodeB()) {
      ChatFixture chat = ChatFixture.create("round_robin");
      Parley.User agent = chat.agent();
      Parley.User colleague = chat.agent();
      assertEquals(
          200,
          Parley.call(
                  "PUT",
                  "/api/v1/agents/" + colleague.id() + "/chat/capacity",
                  Parley.admin(),
                  "{\"capacity\":0}")
              .status());
      try (ChatClient onA = ChatClient.staff(Parley.baseUrl(), colleague.login());
          ChatClient staffOnB = ChatClient.staff(b.baseUrl(), agent.login());
          ChatClient visitorOnA =
              ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
        onA.next("welcome");
        staffOnB.next("welcome");
        visitorOnA.next("welcome");
        JsonObject presence =
            onA.next(
                e ->
                    "presence".equals(e.getString("type"))
                        && e.getJsonNumber("agent").longValue() == agent.id(),
                "B's agent online, seen on A");
        assertEquals("online", presence.getString("status"));

        // node A assigns to the only agent with capacity, who is connected to node B
        long id =
            ChatProtocolIT.start(visitorOnA, "hello from node A").getJsonNumber("id").longValue();
        JsonObject assigned =
            staffOnB.next(
                e ->
                    "conversation".equals(e.getString("type"))
                        && e.getJsonObject("conversation").getJsonNumber("id").longValue() == id
                        && e.getJsonObject("conversation").containsKey("assignee"),
                "the assignment, on B");
        assertEquals(
            agent.id(),
            assigned.getJsonObject("conversation").getJsonNumber("assignee").longValue());
        JsonObject first =
            staffOnB.next(
                e ->
                    "message".equals(e.getString("type"))
                        && "hello from node A".equals(e.getString("text", "")),
                "the visitor's message on B");
        assertEquals(1, first.getJsonNumber("seq").longValue());

        staffOnB.send(
            Json.createObjectBuilder()
                .add("type", "typing")
                .add("conversation", id)
                .add("on", true)
                .build());
        assertEquals(
            agent.id(),
            visitorOnA.next("typing").getJsonObject("by").getJsonNumber("agent").longValue());
        JsonObject ack = ChatProtocolIT.send(staffOnB, id, clientId(), "hello from node B");
        JsonObject reply =
            visitorOnA.next(
                e ->
                    "message".equals(e.getString("type"))
                        && "hello from node B".equals(e.getString("text", "")),
                "B's reply on A");
        assertEquals(ack.getJsonNumber("seq"), reply.getJsonNumber("seq"));
      }
    }
  }

  @Test
  void aKilledNodesClientsResumeOnTheOtherWithNothingLostOrDuplicated() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String agentToken = agent.login();
    String visitorToken = chat.visitorToken();
    long id;
    long lastSeen = 0;
    String inFlight = clientId();
    List<Long> received = new ArrayList<>();
    try (ServerCopy b = nodeB();
        ChatClient staff = ChatClient.staff(Parley.baseUrl(), agentToken)) {
      staff.next("welcome");
      ChatClient visitorOnB = ChatClient.visitor(b.baseUrl(), visitorToken, ChatFixture.ORIGIN);
      visitorOnB.next("welcome");
      id = ChatProtocolIT.start(visitorOnB, "before").getJsonNumber("id").longValue();
      staff.send(
          Json.createObjectBuilder()
              .add("type", "claim")
              .add("id", "c")
              .add("conversation", id)
              .build());
      staff.next("ack");
      for (int i = 0; i < 3; i++) {
        ChatProtocolIT.send(staff, id, clientId(), "agent " + i);
      }
      for (int i = 0; i < 3; i++) {
        JsonObject m =
            visitorOnB.next(
                e ->
                    "message".equals(e.getString("type"))
                        && "agent".equals(e.getString("kind", "")),
                "agent message");
        received.add(m.getJsonNumber("seq").longValue());
        lastSeen = Math.max(lastSeen, m.getJsonNumber("seq").longValue());
      }
      // a send whose ack the visitor never sees: node B dies at once
      visitorOnB
          .socket()
          .sendText(
              Json.createObjectBuilder()
                  .add("type", "send")
                  .add("id", inFlight)
                  .add("conversation", id)
                  .add("text", "in flight")
                  .build()
                  .toString(),
              true);
      b.kill();
      int code = visitorOnB.awaitClose();
      // the client sees the crash as a close without a close frame (1006) or as a reset (-1)
      assertTrue(code == 1006 || code == -1, "an abnormal close, as after a crash, not " + code);

      // the conversation goes on on node A while the visitor is away
      for (int i = 0; i < 2; i++) {
        ChatProtocolIT.send(staff, id, clientId(), "while away " + i);
      }
    }
    try (ChatClient visitorOnA =
        ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN)) {
      visitorOnA.next("welcome");
      visitorOnA.send(
          Json.createObjectBuilder()
              .add("type", "resume")
              .add("conversations", Json.createObjectBuilder().add(Long.toString(id), lastSeen))
              .build());
      List<String> texts = new ArrayList<>();
      JsonObject envelope;
      while (!(envelope =
              visitorOnA.next(
                  e -> List.of("message", "synced", "gap").contains(e.getString("type")), "replay"))
          .getString("type")
          .equals("synced")) {
        assertEquals("message", envelope.getString("type"));
        long seq = envelope.getJsonNumber("seq").longValue();
        assertTrue(seq > lastSeen, "nothing the visitor had is sent again");
        lastSeen = seq;
        texts.add(envelope.getString("text"));
      }
      assertTrue(texts.containsAll(List.of("while away 0", "while away 1")), "missed: " + texts);
      // the client retries its unacknowledged send with the same client id
      JsonObject retry = ChatProtocolIT.send(visitorOnA, id, inFlight, "in flight");
      assertEquals("ack", retry.getString("type"));
    }
    List<JsonObject> all =
        Parley.get("/api/v1/conversations/" + id + "/messages", agentToken)
            .json()
            .getJsonArray("messages")
            .getValuesAs(JsonObject.class);
    assertEquals(
        1,
        all.stream().filter(m -> "in flight".equals(m.getString("text"))).count(),
        "stored once");
    for (int i = 0; i < all.size(); i++) {
      assertEquals(
          i + 1, all.get(i).getJsonNumber("seq").longValue(), "sequence numbers have no holes");
    }
  }
}
