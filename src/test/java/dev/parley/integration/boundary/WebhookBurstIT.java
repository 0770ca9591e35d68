package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import dev.parley.testing.TicketFixture;
import dev.parley.testing.WebhookReceiver;
import jakarta.json.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * INT-7 a burst to a slow endpoint: 10,000 events for an endpoint that takes 100 ms per request do
 * not delay another endpoint's events committed after them — fan-out goes round by round over the
 * endpoints and skips types an endpoint does not take, and a slow endpoint holds one worker at a
 * time — and the backlog waits in the database, read a batch at a time, not in memory. The burst is
 * written straight into the outbox (as a busy installation commits it), so this runs in the
 * PostgreSQL pass.
 */
class WebhookBurstIT {

  private static final int BURST = 10_000;

  @Test
  void aBurstToASlowEndpointDoesNotDelayTheOthers() throws Exception {
    Map<String, String> shared = ServerCopy.sharedStack();
    try (WebhookReceiver slow = new WebhookReceiver().slow(Duration.ofMillis(100));
        WebhookReceiver fast = new WebhookReceiver();
        Connection db =
            DriverManager.getConnection(
                shared.get("PARLEY_DB_URL"),
                shared.get("PARLEY_DB_USER"),
                shared.get("PARLEY_DB_PASSWORD"))) {
      long slowHook = hook(slow.url(), "test.burst");
      long fastHook = hook(fast.url(), "ticket.created");
      try {
        long version = version(db, fastHook);
        burst(db, BURST);
        TicketFixture f = TicketFixture.create();
        List<Long> tickets = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 5; i++) {
          tickets.add(f.ticket("After the burst " + i).getJsonNumber("id").longValue());
        }
        Awaitility.await("the other endpoint's events arrive")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> fast.received().size() >= tickets.size());
        double seconds = (System.nanoTime() - began) / 1e9;
        assertEquals(
            tickets,
            fast.received().stream()
                .map(r -> r.json().getJsonObject("data").getJsonNumber("id").longValue())
                .toList());
        assertTrue(
            seconds < 20, "the other endpoint waited " + seconds + " s behind the burst: too long");
        assertTrue(!slow.received().isEmpty(), "the slow endpoint is being served too");
        assertEquals(
            version,
            version(db, fastHook),
            "fan-out and delivery are not edits: an admin's change made meanwhile does not conflict");
        Awaitility.await("the burst is fanned out")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> deliveries(db, slowHook, null) == BURST);
        long pending = deliveries(db, slowHook, "PENDING");
        assertTrue(
            pending > BURST / 2,
            "the backlog waits in the database (" + pending + " pending), read a batch at a time");
      } finally {
        Parley.call("DELETE", "/api/v1/webhooks/" + slowHook, Parley.admin(), null);
        Parley.call("DELETE", "/api/v1/webhooks/" + fastHook, Parley.admin(), null);
      }
    }
  }

  private static long hook(String url, String type) {
    Parley.Reply created =
        Parley.post(
            "/api/v1/webhooks",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("url", url)
                .add("eventTypes", Json.createArrayBuilder().add(type))
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getJsonNumber("id").longValue();
  }

  /** Commits {@code n} events at once, as many transactions of a busy installation would. */
  private static void burst(Connection db, int n) throws Exception {
    db.setAutoCommit(false);
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO outbox_event (id, event_type, aggregate_type, aggregate_id, payload,"
                + " occurred_at) VALUES (nextval('outbox_event_seq'), 'test.burst', 'test', ?, ?,"
                + " now())")) {
      for (int i = 0; i < n; i++) {
        ps.setString(1, Integer.toString(i));
        ps.setString(2, "{\"n\":" + i + "}");
        ps.addBatch();
      }
      ps.executeBatch();
    }
    db.commit();
    db.setAutoCommit(true);
  }

  private static long version(Connection db, long hook) throws Exception {
    try (PreparedStatement q = db.prepareStatement("SELECT version FROM webhook WHERE id = ?")) {
      q.setLong(1, hook);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** How many deliveries the endpoint has (in a state, or in any). */
  private static long deliveries(Connection db, long hook, String state) throws Exception {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT count(*) FROM webhook_delivery WHERE webhook_id = ? AND (CAST(? AS VARCHAR) IS NULL OR state"
                + " = ?)")) {
      q.setLong(1, hook);
      q.setString(2, state);
      q.setString(3, state);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
