package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CH-4, CH-5: presence and assignment. Online agents get conversations in turn within their
 * capacity; nobody online means the visitor is told and the conversation waits until an agent
 * comes; concurrent claims have exactly one winner; transfers carry a note.
 */
class AssignmentIT {

  private static long startConversation(ChatFixture chat) throws Exception {
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      return ChatProtocolIT.start(visitor, "hello").getJsonNumber("id").longValue();
    }
  }

  private static JsonObject conversation(long id) {
    return Parley.get("/api/v1/conversations/" + id, Parley.admin()).json();
  }

  @Test
  void onlineAgentsGetConversationsInTurnWithinTheirCapacity() throws Exception {
    ChatFixture chat = ChatFixture.create("round_robin");
    Parley.User first = chat.agent();
    Parley.User second = chat.agent();
    assertEquals(
        200,
        Parley.call(
                "PUT",
                "/api/v1/agents/" + second.id() + "/chat/capacity",
                Parley.admin(),
                "{\"capacity\":1}")
            .status());
    try (ChatClient a = ChatClient.staff(Parley.baseUrl(), first.login());
        ChatClient b = ChatClient.staff(Parley.baseUrl(), second.login())) {
      a.next("welcome");
      b.next("welcome");
      List<Long> assignees = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonObject c = conversation(startConversation(chat));
        assertEquals("human", c.getString("state"));
        assignees.add(c.getJsonNumber("assignee").longValue());
      }
      assertNotEquals(assignees.get(0), assignees.get(1), "in turn");
      assertEquals(
          2,
          assignees.stream().filter(x -> x == first.id()).count(),
          "the second agent's capacity is 1");
      assertEquals(1, assignees.stream().filter(x -> x == second.id()).count());
    }
  }

  @Test
  void withNobodyOnlineTheVisitorIsToldAndTheConversationWaitsForTheNextAgent() throws Exception {
    ChatFixture chat = ChatFixture.create("least_load");
    Parley.User agent = chat.agent();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      JsonObject started = ChatProtocolIT.start(visitor, "anyone there?");
      long id = started.getJsonNumber("id").longValue();
      JsonObject notice =
          visitor.next(
              e -> "message".equals(e.getString("type")) && "system".equals(e.getString("kind")),
              "offline notice");
      assertTrue(notice.getString("text").contains("available"), notice.toString());
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "email")
              .add("id", "e")
              .add("conversation", id)
              .add("email", "ada@example.com")
              .build());
      assertTrue(visitor.next("ack").getJsonObject("conversation").getBoolean("waitingOffline"));
      assertEquals("ada@example.com", conversation(id).getJsonObject("visitor").getString("email"));

      try (ChatClient staff = ChatClient.staff(Parley.baseUrl(), agent.login())) {
        staff.next("welcome");
        JsonObject joined =
            visitor.next(
                e ->
                    "message".equals(e.getString("type")) && e.getString("text").contains("joined"),
                "agent joins");
        assertEquals("system", joined.getString("kind"));
        assertEquals(agent.id(), conversation(id).getJsonNumber("assignee").longValue());
      }
    }
  }

  @Test
  void presenceTurnsAwayWhenTheLastConnectionDrops() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    Parley.User watcher = chat.agent();
    String path = "/api/v1/agents/" + agent.id() + "/chat";
    try (ChatClient other = ChatClient.staff(Parley.baseUrl(), watcher.login())) {
      other.next("welcome");
      ChatClient one = ChatClient.staff(Parley.baseUrl(), agent.login());
      ChatClient two = ChatClient.staff(Parley.baseUrl(), agent.login());
      one.next("welcome");
      two.next("welcome");
      assertEquals("online", Parley.get(path, Parley.admin()).json().getString("presence"));
      JsonObject online =
          other.next(
              e ->
                  "presence".equals(e.getString("type"))
                      && e.getJsonNumber("agent").longValue() == agent.id(),
              "online");
      assertEquals("online", online.getString("status"));
      one.socket().sendClose(1000, "bye").join();
      one.awaitClose();
      Thread.sleep(300);
      assertEquals(
          "online",
          Parley.get(path, Parley.admin()).json().getString("presence"),
          "one connection is left");
      two.socket().sendClose(1000, "bye").join();
      JsonObject away =
          other.next(
              e ->
                  "presence".equals(e.getString("type"))
                      && e.getJsonNumber("agent").longValue() == agent.id(),
              "away");
      assertEquals("away", away.getString("status"));
      assertEquals("away", Parley.get(path, Parley.admin()).json().getString("presence"));
    }
  }

  @Test
  void concurrentClaimsHaveExactlyOneWinner() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      agents.add(chat.agent().login());
    }
    ExecutorService pool = Executors.newFixedThreadPool(agents.size());
    try {
      for (int round = 0; round < 5; round++) {
        long id = startConversation(chat);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> claims = new ArrayList<>();
        for (String token : agents) {
          Callable<Integer> claim =
              () -> {
                go.await();
                return Parley.post("/api/v1/conversations/" + id + "/claim", token, null).status();
              };
          claims.add(pool.submit(claim));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> claim : claims) {
          statuses.add(claim.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(
            agents.size() - 1,
            statuses.stream().filter(s -> s == 409).count(),
            "statuses " + statuses);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTransferToATeamCarriesANoteAndTheVisitorsHistoryIsThere() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String token = agent.login();
    String visitorToken = chat.visitorToken();
    long earlier;
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      earlier = ChatProtocolIT.start(visitor, "first visit").getJsonNumber("id").longValue();
    }
    assertEquals(
        200, Parley.post("/api/v1/conversations/" + earlier + "/close", token, null).status());
    long id;
    try (ChatClient visitor =
        ChatClient.visitor(
            Parley.baseUrl(),
            chat.widgetSession(visitorToken).getString("visitorToken"),
            ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      id = ChatProtocolIT.start(visitor, "second visit").getJsonNumber("id").longValue();
    }
    Set<Long> history = new TreeSet<>();
    Parley.get("/api/v1/conversations/" + id + "/visitor-conversations", token)
        .array()
        .forEach(c -> history.add(c.asJsonObject().getJsonNumber("id").longValue()));
    assertEquals(Set.of(earlier), history);

    assertEquals(200, Parley.post("/api/v1/conversations/" + id + "/claim", token, null).status());
    Parley.Reply transfer =
        Parley.post(
            "/api/v1/conversations/" + id + "/transfer",
            token,
            Json.createObjectBuilder()
                .add("team", chat.teamId)
                .add("note", "billing question, VIP")
                .build()
                .toString());
    assertEquals(200, transfer.status(), transfer.toString());
    assertEquals("handoff_pending", transfer.json().getString("state"));
    assertTrue(!transfer.json().containsKey("assignee"));
    List<JsonObject> messages =
        Parley.get("/api/v1/conversations/" + id + "/messages", token)
            .json()
            .getJsonArray("messages")
            .getValuesAs(JsonObject.class);
    JsonObject note =
        messages.stream()
            .filter(m -> "billing question, VIP".equals(m.getString("text", "")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the note: " + messages));
    assertEquals("note", note.getString("kind"));
    // AS-6: the next agent also finds a summary, made after the transfer
    JsonObject summary =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(
                () ->
                    Parley.get("/api/v1/conversations/" + id + "/messages", token)
                        .json()
                        .getJsonArray("messages")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .filter(
                            m -> m.getString("text", "").startsWith("Summary for the next agent: "))
                        .findFirst(),
                java.util.Optional::isPresent)
            .get();
    assertEquals("note", summary.getString("kind"), "internal: " + summary);
    assertEquals("Parley assistant", summary.getJsonObject("author").getString("name"));

    Parley.Reply neither = Parley.post("/api/v1/conversations/" + id + "/transfer", token, "{}");
    assertEquals(422, neither.status());
  }
}
