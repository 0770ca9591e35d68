package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * CH-9: chat under faults, with real processes and real kills (the PostgreSQL pass of the test
 * command, which writes the fault scripts and exports {@code PARLEY_TEST_FAULTS}). The broker is
 * killed with {@code kill -9} while visitors on node A write, one of them to an agent on node B:
 * acknowledgements keep coming on node A, a new visitor is greeted, and once the broker is back the
 * agent on B has every stored message, in order, without asking for a resume — also when the outage
 * lasted longer than the replay limit. PostgreSQL is stopped at once mid-stream: every send is
 * answered {@code retry}, and a client following the protocol's rule ends with every message stored
 * once, in order. Bursts at the rate limits arrive in order on the other node.
 */
class ChatFaultsIT {

  private static final Logger LOG = Logger.getLogger(ChatFaultsIT.class.getName());

  /** Between two sends of one visitor: within the rate budget of 10 messages a second. */
  private static final long PACE_MS = 110;

  private static Path faults() {
    String dir = System.getenv("PARLEY_TEST_FAULTS");
    assumeTrue(dir != null, "needs the fault scripts of the PostgreSQL pass of ./scripts/test");
    return Path.of(dir);
  }

  private static void fault(String script) throws Exception {
    Process p =
        new ProcessBuilder(faults().resolve(script).toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not finish");
    assertEquals(0, p.exitValue(), script + " failed");
  }

  /** A visitor's send answered by its ack: how long it took, in milliseconds. */
  private static long sendAndTime(ChatClient visitor, long conversation, String text)
      throws InterruptedException {
    long begin = System.nanoTime();
    JsonObject answer = ChatProtocolIT.send(visitor, conversation, ChatFixture.clientId(), text);
    assertEquals("ack", answer.getString("type"), answer.toString());
    return (System.nanoTime() - begin) / 1_000_000;
  }

  /** The sequence numbers of a conversation's messages a client received, in arrival order. */
  private static List<Long> seqs(ChatClient client, long conversation) {
    List<Long> seqs = new ArrayList<>();
    for (JsonObject e : client.received()) {
      if ("message".equals(e.getString("type", ""))
          && e.getJsonNumber("conversation") != null
          && e.getJsonNumber("conversation").longValue() == conversation) {
        seqs.add(e.getJsonNumber("seq").longValue());
      }
    }
    return seqs;
  }

  private static long lastSeq(long conversation, String token) {
    JsonObject page =
        Parley.get("/api/v1/conversations/" + conversation + "/messages", token).json();
    List<JsonValue> messages = page.getJsonArray("messages");
    return messages.get(messages.size() - 1).asJsonObject().getJsonNumber("seq").longValue();
  }

  /** Waits until a client has received every message of a conversation up to {@code last}. */
  private static List<Long> awaitAll(ChatClient client, long conversation, long last)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Long> seen = seqs(client, conversation);
    while (System.nanoTime() < deadline && (seen.isEmpty() || seen.get(seen.size() - 1) < last)) {
      Thread.sleep(200);
      seen = seqs(client, conversation);
    }
    return seen;
  }

  /** Strictly one more each time: in order, no hole, nothing twice. */
  private static void assertContiguous(List<Long> seqs, long last, String what) {
    assertTrue(!seqs.isEmpty(), what + ": nothing arrived");
    for (int i = 1; i < seqs.size(); i++) {
      assertEquals(
          seqs.get(i - 1) + 1, (long) seqs.get(i), what + ": out of order or missing in " + seqs);
    }
    assertEquals(last, (long) seqs.get(seqs.size() - 1), what + ": the last message is missing");
  }

  private static long percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  @Test
  void aBrokerOutageNeitherFreezesANodeNorHidesAMessageFromAnotherNode() throws Exception {
    faults();
    try (ServerCopy b = TwoNodeChatIT.nodeB()) {
      ChatFixture chat = ChatFixture.create("manual");
      Parley.User agentOnB = chat.agent();
      Parley.User agentOnA = chat.agent();
      String tokenB = agentOnB.login();
      String tokenA = agentOnA.login();
      try (ChatClient staffB = ChatClient.staff(b.baseUrl(), tokenB);
          ChatClient staffA = ChatClient.staff(Parley.baseUrl(), tokenA);
          ChatClient crossNode =
              ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
          ChatClient local =
              ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
        staffB.next("welcome");
        staffA.next("welcome");
        crossNode.next("welcome");
        local.next("welcome");
        long x = ChatProtocolIT.start(crossNode, "to node B").getJsonNumber("id").longValue();
        long y = ChatProtocolIT.start(local, "stays on A").getJsonNumber("id").longValue();
        assertEquals(
            200, Parley.post("/api/v1/conversations/" + x + "/claim", tokenB, null).status());
        assertEquals(
            200, Parley.post("/api/v1/conversations/" + y + "/claim", tokenA, null).status());
        staffB.send(
            Json.createObjectBuilder()
                .add("type", "watch")
                .add("id", "w")
                .add("conversation", x)
                .build());
        staffB.next(
            e -> "ack".equals(e.getString("type", "")) && "w".equals(e.getString("id", "")),
            "watching");

        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          before.add(sendAndTime(crossNode, x, "before " + i));
          before.add(sendAndTime(local, y, "before " + i));
          Thread.sleep(PACE_MS);
        }
        List<Long> during = new ArrayList<>();
        long outageBegan = System.nanoTime();
        long greetingMs;
        fault("broker-kill");
        try {
          for (int i = 0; i < 70; i++) { // more than the test server's replay limit (50)
            during.add(sendAndTime(crossNode, x, "during " + i));
            during.add(sendAndTime(local, y, "during " + i));
            Thread.sleep(PACE_MS); // within the visitors' rate budget (10 a second)
          }
          // a new visitor is greeted and starts a conversation while the broker is away
          long greeting = System.nanoTime();
          try (ChatClient newcomer =
              ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
            newcomer.next("welcome");
            ChatProtocolIT.start(newcomer, "hello during the outage");
          }
          greetingMs = (System.nanoTime() - greeting) / 1_000_000;
        } finally {
          fault("broker-start"); // whatever happened: the tests after this one need it
        }
        long outageMs = (System.nanoTime() - outageBegan) / 1_000_000;
        for (int i = 0; i < 5; i++) {
          sendAndTime(crossNode, x, "after " + i);
          Thread.sleep(PACE_MS);
        }

        long p99 = percentile(during, 0.99);
        LOG.info(
            () ->
                "Broker up: "
                    + before.size()
                    + " acks, p50 "
                    + percentile(before, 0.5)
                    + " ms, p99 "
                    + percentile(before, 0.99)
                    + " ms. Broker outage of "
                    + outageMs
                    + " ms: "
                    + during.size()
                    + " acks on the node, p50 "
                    + percentile(during, 0.5)
                    + " ms, p99 "
                    + p99
                    + " ms, max "
                    + percentile(during, 1.0)
                    + " ms; a new visitor greeted and started in "
                    + greetingMs
                    + " ms");
        assertTrue(p99 <= 2_000, "acks kept flowing during the outage: p99 " + p99 + " ms");
        assertTrue(greetingMs <= 5_000, "a new visitor waited " + greetingMs + " ms");

        // node B's agent has every stored message, in order, without having asked for a resume
        long last = lastSeq(x, tokenB);
        assertContiguous(awaitAll(staffB, x, last), last, "the agent on node B");
        assertTrue(
            staffB.received().stream().noneMatch(e -> "gap".equals(e.getString("type", ""))),
            "no gap was needed");
      }
    }
  }

  @Test
  void burstsAtTheLimitsArriveInOrderOnTheOtherNode() throws Exception {
    faults();
    try (ServerCopy b = TwoNodeChatIT.nodeB()) {
      ChatFixture chat = ChatFixture.create("manual");
      Parley.User agent = chat.agent();
      String token = agent.login();
      try (ChatClient staffB = ChatClient.staff(b.baseUrl(), token);
          ChatClient visitor =
              ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
        staffB.next("welcome");
        visitor.next("welcome");
        long x = ChatProtocolIT.start(visitor, "bursts").getJsonNumber("id").longValue();
        assertEquals(
            200, Parley.post("/api/v1/conversations/" + x + "/claim", token, null).status());
        for (int round = 0; round < 5; round++) {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < 28; i++) { // within the burst of 30 (the start used one)
            String id = ChatFixture.clientId();
            ids.add(id);
            visitor.send(
                Json.createObjectBuilder()
                    .add("type", "send")
                    .add("id", id)
                    .add("conversation", x)
                    .add("text", "burst " + round + "." + i)
                    .build());
          }
          for (String id : ids) {
            visitor.next(
                e -> id.equals(e.getString("id", "")) && "ack".equals(e.getString("type", "")),
                "ack of " + id);
          }
          long last = lastSeq(x, token);
          assertContiguous(awaitAll(staffB, x, last), last, "round " + round + " on node B");
          Thread.sleep(3_100); // the connection's budget refills (10 a second)
        }
      }
    }
  }

  /**
   * A client following the protocol's rule (docs/chat-protocol.md, Errors): a {@code retry} is sent
   * again with the same id after {@code retryAfterMs}, doubling the wait; later messages wait
   * behind it; a dropped connection is opened again.
   */
  @Test
  void aDatabaseOutageAnswersRetryAndAClientThatFollowsTheRuleLosesNothing() throws Exception {
    faults();
    ChatFixture chat = ChatFixture.create("manual");
    String visitorToken = chat.visitorToken();
    String agent = chat.agent().login();
    ChatClient visitor = ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN);
    visitor.next("welcome");
    long conversation = ChatProtocolIT.start(visitor, "first").getJsonNumber("id").longValue();
    List<String> expected = new ArrayList<>(List.of("first"));
    int retries = 0;
    Thread outage = null;
    try {
      for (int i = 0; i < 40; i++) {
        if (i == 10) {
          outage =
              new Thread(
                  () -> {
                    try {
                      fault("db-stop");
                      Thread.sleep(4_000);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    } finally {
                      try {
                        fault("db-start");
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }
                  });
          outage.start();
          Thread.sleep(500);
        }
        String text = "message " + i;
        String id = ChatFixture.clientId();
        long wait = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
          assertTrue(System.nanoTime() < deadline, text + " was never stored");
          JsonObject answer;
          try {
            answer = ChatProtocolIT.send(visitor, conversation, id, text);
          } catch (RuntimeException | AssertionError dropped) {
            // the connection dropped (e.g. 1013 while the server could not greet): reopen it
            visitor.close();
            Thread.sleep(1_000);
            try {
              visitor = ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN);
              visitor.next("welcome");
            } catch (Exception notYet) {
              visitor = ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN);
            }
            continue;
          }
          if ("ack".equals(answer.getString("type"))) {
            break;
          }
          String code = answer.getString("code");
          assertTrue(
              code.equals("retry") || code.equals("rate_limited"),
              "a failure the client could act on: " + answer);
          if (code.equals("retry")) {
            retries++;
          }
          wait =
              Math.min(
                  30_000, Math.max(answer.getJsonNumber("retryAfterMs").longValue(), wait * 2));
          Thread.sleep(wait);
        }
        expected.add(text);
      }
    } finally {
      if (outage != null) {
        outage.join(120_000);
      }
      visitor.close();
    }
    assertTrue(retries > 0, "the outage was answered with retry");
    List<String> stored = new ArrayList<>();
    for (JsonValue m :
        Parley.get("/api/v1/conversations/" + conversation + "/messages", agent)
            .json()
            .getJsonArray("messages")) {
      if ("visitor".equals(m.asJsonObject().getString("kind", ""))) {
        stored.add(m.asJsonObject().getString("text"));
      }
    }
    assertEquals(expected, stored, "every message stored once, in order");
  }
}
