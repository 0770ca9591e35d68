package dev.parley.integration.boundary;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import dev.parley.testing.TicketFixture;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.Header;
import io.debezium.engine.format.Json;
import io.debezium.engine.format.KeyValueHeaderChangeEventFormat;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * INT-9 change capture: Debezium's embedded engine, configured exactly as {@code docs/events.md}
 * shows (the Debezium Server properties, with this test's host, user and slot), reads the outbox
 * from PostgreSQL's logical replication and receives the same events, with the same ids, types and
 * data, that the event stream API serves — each once (the publication carries inserts only, not the
 * relay's updates). Needs the PostgreSQL pass ({@code wal_level=logical} and a replication user,
 * set up by {@code scripts/lib/postgres.sh}).
 */
class ChangeCaptureIT {

  @Test
  void debeziumReceivesTheEventsTheApiServes() throws Exception {
    Map<String, String> stack = ServerCopy.sharedStack();
    String user = System.getenv("PARLEY_TEST_REPLICATION_USER");
    Assumptions.assumeTrue(user != null, "needs a replication user (scripts/lib/postgres.sh)");
    URI db = URI.create(stack.get("PARLEY_DB_URL").substring("jdbc:".length()));
    String slot = "parley_test_" + Parley.unique().replaceAll("[^a-z0-9]", "");

    Properties config = documentedConfiguration();
    config.setProperty("name", "parley-change-capture-it");
    config.setProperty("database.hostname", db.getHost());
    config.setProperty("database.port", Integer.toString(db.getPort()));
    config.setProperty("database.dbname", db.getPath().substring(1));
    config.setProperty("database.user", user);
    config.setProperty("database.password", System.getenv("PARLEY_TEST_REPLICATION_PASSWORD"));
    config.setProperty("slot.name", slot);
    config.setProperty("slot.drop.on.stop", "true");
    config.setProperty("snapshot.mode", "no_data"); // only what happens from now on
    config.setProperty(
        "offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    config.setProperty("offset.flush.interval.ms", "60000");
    config.setProperty("converter.schemas.enable", "false");

    ConcurrentLinkedQueue<ChangeEvent<String, String>> captured = new ConcurrentLinkedQueue<>();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (DebeziumEngine<ChangeEvent<String, String>> engine =
        DebeziumEngine.create(
                KeyValueHeaderChangeEventFormat.of(Json.class, Json.class, Json.class))
            .using(config)
            .notifying(captured::add)
            .build()) {
      runner.execute(engine);
      await("the replication slot is streaming")
          .atMost(Duration.ofSeconds(60))
          .until(() -> slotActive(stack, slot));

      String cursor =
          Parley.get("/api/v1/events?after=latest&limit=1", Parley.admin())
              .json()
              .getString("next");
      TicketFixture fixture = TicketFixture.create();
      long ticket = fixture.ticket("Captured " + Parley.unique()).getJsonNumber("id").longValue();
      assertEquals(
          201,
          Parley.post(
                  "/api/v1/tickets/" + ticket + "/comments",
                  fixture.agentToken,
                  "{\"body\":\"Looking into it\"}")
              .status());

      List<JsonObject> served = servedFor(cursor, ticket, 2);
      for (JsonObject event : served) {
        String id = event.getString("id").substring("evt_".length());
        ChangeEvent<String, String> change =
            await("Debezium captures " + event.getString("id"))
                .atMost(Duration.ofSeconds(30))
                .until(() -> find(captured, id), c -> c != null);
        assertEquals(event.getString("type"), header(change, "type"), "the type travels");
        assertEquals(
            event.getJsonObject("aggregate").getString("id"),
            unwrap(parse(change.key())),
            "keyed by the aggregate");
        assertEquals("parley.ticket", change.destination(), "routed by aggregate type");
        assertEquals(
            event.getJsonObject("data"), parse(unwrap(parse(change.value()))), "the same data");
        assertEquals(
            1,
            captured.stream().filter(c -> id.equals(header(c, "id"))).count(),
            "captured once: the relay's updates are not events");
      }
    } finally {
      runner.shutdown();
      assertTrue(runner.awaitTermination(30, TimeUnit.SECONDS), "the engine stopped");
    }
  }

  /** The Debezium Server properties of docs/events.md, as the embedded engine names them. */
  static Properties documentedConfiguration() throws IOException {
    String doc = Files.readString(Path.of("docs/events.md"));
    int section = doc.indexOf("## Change capture with Debezium");
    int start = doc.indexOf("```properties", section);
    int end = doc.indexOf("```", start + 3);
    Properties server = new Properties();
    server.load(new StringReader(doc.substring(doc.indexOf('\n', start) + 1, end)));
    Properties engine = new Properties();
    for (String key : server.stringPropertyNames()) {
      if (key.startsWith("debezium.source.")) {
        engine.setProperty(key.substring("debezium.source.".length()), server.getProperty(key));
      } else if (key.startsWith("debezium.transforms")) {
        engine.setProperty(key.substring("debezium.".length()), server.getProperty(key));
      }
    }
    assertNotNull(engine.getProperty("transforms.outbox.type"), "the docs route the outbox");
    return engine;
  }

  private static List<JsonObject> servedFor(String after, long ticket, int count) {
    List<JsonObject> found = new ArrayList<>();
    await("the API serves the ticket's events")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              found.clear();
              for (JsonValue v :
                  Parley.get(
                          "/api/v1/events?types=ticket.*&limit=1000&after=" + after, Parley.admin())
                      .json()
                      .getJsonArray("events")) {
                JsonObject e = v.asJsonObject();
                if (e.getJsonObject("aggregate").getString("id").equals(Long.toString(ticket))) {
                  found.add(e);
                }
              }
              return found.size() >= count;
            });
    return found;
  }

  private static ChangeEvent<String, String> find(
      ConcurrentLinkedQueue<ChangeEvent<String, String>> captured, String id) {
    return captured.stream().filter(c -> id.equals(header(c, "id"))).findFirst().orElse(null);
  }

  private static String header(ChangeEvent<String, String> change, String name) {
    for (Header<Object> h : change.<Object>headers()) {
      if (h.getKey().equals(name) && h.getValue() != null) {
        return unwrap(parse(h.getValue().toString()));
      }
    }
    return null;
  }

  private static JsonValue parse(String json) {
    return jakarta.json.Json.createReader(new StringReader(json)).readValue();
  }

  /** A converted scalar is JSON: a string, a number, or an envelope with its schema. */
  private static String unwrap(JsonValue v) {
    if (v instanceof JsonObject o && o.containsKey("payload")) {
      return unwrap(o.get("payload"));
    }
    return v instanceof JsonString s ? s.getString() : v.toString();
  }

  private static boolean slotActive(Map<String, String> stack, String slot) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                stack.get("PARLEY_DB_URL"),
                stack.get("PARLEY_DB_USER"),
                stack.get("PARLEY_DB_PASSWORD"));
        PreparedStatement q =
            c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      q.setString(1, slot);
      try (ResultSet r = q.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }
}
