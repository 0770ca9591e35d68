package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import dev.parley.testing.TicketFixture;
import dev.parley.testing.WebhookReceiver;
import jakarta.json.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * INT-6 across crashes. A kill -9 of the broker: events committed before, during and after it all
 * reach the webhook, each once, in order — the relay, the fan-out and the delivery queue pick up
 * where they were. A kill -9 of the node that is delivering: its claim lapses, the other node takes
 * the endpoint over, and every event arrives, first arrivals in order; the only repeats are
 * deliveries the dead node had sent but not yet recorded (at least once, same {@code webhook-id}).
 * Needs the fault scripts and the shared stack of the PostgreSQL pass.
 */
class WebhookFaultsIT {

  private static void fault(String script) throws Exception {
    String dir = System.getenv("PARLEY_TEST_FAULTS");
    assumeTrue(dir != null, "needs the fault scripts of the PostgreSQL pass of ./scripts/test");
    Process p =
        new ProcessBuilder(Path.of(dir).resolve(script).toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not finish");
    assertEquals(0, p.exitValue(), script + " failed");
  }

  @Test
  void eventsCommittedAroundABrokerCrashAreAllDeliveredOnceInOrder() throws Exception {
    assumeTrue(System.getenv("PARLEY_TEST_FAULTS") != null, "needs the PostgreSQL pass");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Parley.Reply created =
          Parley.post(
              "/api/v1/webhooks",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("url", receiver.url())
                  .add("eventTypes", Json.createArrayBuilder().add("ticket.created"))
                  .build()
                  .toString());
      assertEquals(201, created.status(), created.toString());
      long hook = created.json().getJsonNumber("id").longValue();
      try {
        TicketFixture f = TicketFixture.create();
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          tickets.add(f.ticket("Before " + i).getJsonNumber("id").longValue());
        }
        fault("broker-kill");
        try {
          for (int i = 0; i < 5; i++) {
            tickets.add(f.ticket("During " + i).getJsonNumber("id").longValue());
          }
        } finally {
          fault("broker-start");
        }
        for (int i = 0; i < 5; i++) {
          tickets.add(f.ticket("After " + i).getJsonNumber("id").longValue());
        }
        List<WebhookReceiver.Received> got =
            Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(receiver::received, r -> r.size() >= tickets.size());
        Set<String> ids = new LinkedHashSet<>();
        got.forEach(r -> ids.add(r.id()));
        assertEquals(got.size(), ids.size(), "each event once: " + got.size() + " requests");
        assertEquals(
            tickets,
            got.stream()
                .map(r -> r.json().getJsonObject("data").getJsonNumber("id").longValue())
                .toList(),
            "all of them, in order");
      } finally {
        Parley.call("DELETE", "/api/v1/webhooks/" + hook, Parley.admin(), null);
      }
    }
  }

  @Test
  void nothingIsLostWhenTheDeliveringNodeIsKilled() throws Exception {
    Map<String, String> shared = ServerCopy.sharedStack();
    try (WebhookReceiver receiver = new WebhookReceiver().slow(Duration.ofMillis(40));
        Connection db =
            DriverManager.getConnection(
                shared.get("PARLEY_DB_URL"),
                shared.get("PARLEY_DB_USER"),
                shared.get("PARLEY_DB_PASSWORD"))) {
      long hook = ticketHook(receiver.url());
      try {
        TicketFixture f = TicketFixture.create();
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          tickets.add(f.ticket("Node A alone " + i).getJsonNumber("id").longValue());
        }
        String nodeA =
            Awaitility.await("this node's worker claims the endpoint")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> holder(db, hook), h -> h != null && !h.equals("queue"));

        try (ServerCopy nodeB = ServerCopy.of("parley-node-webhooks")) {
          Map<String, String> env = new HashMap<>(shared);
          env.put("PARLEY_WEBHOOKS_ALLOW_PRIVATE", "127.0.0.1/32");
          env.put("PARLEY_WEBHOOKS_RETRY_SCHEDULE", "0s,1s,1s,2s");
          env.put("PARLEY_WEBHOOKS_TIMEOUT_MS", "3000");
          env.put("PARLEY_WEBHOOKS_CLAIM_SECONDS", "10");
          env.put("PARLEY_WEBHOOKS_QUEUE_CLAIM_SECONDS", "5");
          env.put("PARLEY_WEBHOOKS_TURN_MS", "2000");
          nodeB.start(env);
          assertTrue(nodeB.awaitReady(180), "the second node did not become ready");
          // events keep coming until node B's worker is the one delivering; then it dies
          long killedAt = 0;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          for (int i = 0; killedAt == 0 && System.nanoTime() < deadline; i++) {
            tickets.add(f.ticket("Both nodes " + i).getJsonNumber("id").longValue());
            String h = holder(db, hook);
            if (h != null && !h.equals("queue") && !h.equals(nodeA)) {
              nodeB.kill();
              killedAt = System.nanoTime();
            }
          }
          assertTrue(killedAt > 0, "node B never delivered to the endpoint");
          for (int i = 0; i < 5; i++) {
            tickets.add(f.ticket("After the kill " + i).getJsonNumber("id").longValue());
          }
          List<WebhookReceiver.Received> got =
              Awaitility.await("every event arrives")
                  .atMost(Duration.ofSeconds(120))
                  .pollInterval(Duration.ofMillis(500))
                  .until(receiver::received, r -> firstArrivals(r).size() >= tickets.size());
          assertEquals(tickets, firstArrivals(got), "all of them, first arrivals in order");
          Set<String> seen = new HashSet<>();
          int repeats = 0;
          for (WebhookReceiver.Received r : got) {
            if (!seen.add(r.id())) {
              repeats++;
              long first =
                  got.stream()
                      .filter(x -> x.id().equals(r.id()))
                      .findFirst()
                      .orElseThrow()
                      .atNanos();
              assertTrue(first < killedAt, "only what the dead node sent comes again: " + r.id());
            }
          }
          assertTrue(repeats <= 50, repeats + " repeats: more than one batch of the dead node");
        }
      } finally {
        Parley.call("DELETE", "/api/v1/webhooks/" + hook, Parley.admin(), null);
      }
    }
  }

  private static long ticketHook(String url) {
    Parley.Reply created =
        Parley.post(
            "/api/v1/webhooks",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("url", url)
                .add("eventTypes", Json.createArrayBuilder().add("ticket.created"))
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getJsonNumber("id").longValue();
  }

  /** The ticket ids of the received events, each at its first arrival. */
  private static List<Long> firstArrivals(List<WebhookReceiver.Received> got) {
    Set<String> seen = new HashSet<>();
    List<Long> ids = new ArrayList<>();
    for (WebhookReceiver.Received r : got) {
      if (seen.add(r.id())) {
        ids.add(r.json().getJsonObject("data").getJsonNumber("id").longValue());
      }
    }
    return ids;
  }

  /** Who holds the endpoint: a worker's node, "queue" (queued for a worker) or null. */
  private static String holder(Connection db, long hook) throws Exception {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT claimed_by FROM webhook WHERE id = ? AND claimed_until > CURRENT_TIMESTAMP")) {
      q.setLong(1, hook);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }
}
