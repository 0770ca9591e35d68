package dev.parley.platform.health;

import static dev.parley.testing.Parley.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** PLAT-4 and operations: health, metrics, OpenAPI, against the running server. */
class OperationsIT {

  private static final Logger LOG = Logger.getLogger(OperationsIT.class.getName());

  /** Readiness, waiting out the embedding model's load right after start. */
  private static Parley.Reply ready() throws InterruptedException {
    Parley.Reply ready = get("/health/ready", null);
    for (int i = 0; i < 120 && ready.status() != 200; i++) {
      Thread.sleep(500);
      ready = get("/health/ready", null);
    }
    return ready;
  }

  @Test
  void readinessReportsDatabaseBrokerCacheAndEmbeddingModel() throws InterruptedException {
    Parley.Reply ready = ready();
    assertEquals(200, ready.status(), ready.body());
    assertEquals("UP", ready.json().getString("status"));
    Map<String, JsonObject> checks = new HashMap<>();
    for (JsonValue check : ready.json().getJsonArray("checks")) {
      checks.put(check.asJsonObject().getString("name"), check.asJsonObject());
    }
    assertTrue(
        checks
            .keySet()
            .containsAll(
                java.util.Set.of("database", "broker", "cache", "startup", "embedding-model")),
        checks.toString());
    checks.values().forEach(c -> assertEquals("UP", c.getString("status"), c.toString()));

    // the test command runs this suite twice; this says which stack this run exercised
    String database = checks.get("database").getJsonObject("data").getString("kind");
    String broker = checks.get("broker").getJsonObject("data").getString("broker");
    LOG.info("Parley under test: database=" + database + ", broker=" + broker);
    String expectedDatabase = System.getenv("PARLEY_DB_URL") == null ? "embedded H2" : "PostgreSQL";
    String expectedBroker = System.getenv().getOrDefault("PARLEY_ARTEMIS_URL", "embedded Artemis");
    assertEquals(expectedDatabase, database);
    assertEquals(expectedBroker, broker);
  }

  @Test
  void livenessReportsThreads() {
    Parley.Reply live = get("/health/live", null);
    assertEquals(200, live.status(), live.body());
    assertEquals("UP", live.json().getString("status"));
  }

  @Test
  void metricsExposeJvmHttpAndParleysOwnGauges() {
    get("/api/v1/me", null); // at least one API request to measure
    Parley.Reply metrics = get("/metrics", null);
    assertEquals(200, metrics.status());
    String text = metrics.body();
    assertTrue(text.contains("parley_threads_live"), "live thread gauge");
    assertTrue(
        text.contains("parley_executor_queue_depth{executor=\"messaging\""),
        "executor queue depth");
    assertTrue(
        text.contains("jvm_uptime_seconds") || text.contains("jvm_memory_used_bytes"),
        "JVM metrics");
    assertTrue(text.contains("http_server_request_duration_seconds"), "HTTP metrics");
  }

  @Test
  void openApiDescribesTheApiAndHasAUi() {
    Parley.Reply openapi = Parley.call("GET", "/openapi", null, null, "Accept", "application/json");
    assertEquals(200, openapi.status());
    JsonObject paths = openapi.json().getJsonObject("paths");
    for (String path :
        new String[] {
          "/api/v1/auth/login",
          "/api/v1/users",
          "/api/v1/api-tokens",
          "/api/v1/teams",
          "/api/v1/me",
          "/api/v1/tickets",
          "/api/v1/tickets/{id}",
          "/api/v1/contacts",
          "/api/v1/ticket-fields",
          "/api/v1/sla-policies/{priority}",
          "/api/v1/conversations/{id}/escalate"
        }) {
      assertTrue(paths.containsKey(path), path + " missing from OpenAPI");
    }
    // the ticket API documents its bodies with examples
    JsonObject create = paths.getJsonObject("/api/v1/tickets").getJsonObject("post");
    assertTrue(
        create.getJsonObject("requestBody").toString().contains("Printer jams"),
        "the create example: " + create);
    assertTrue(
        paths
            .getJsonObject("/api/v1/tickets/{id}")
            .getJsonObject("patch")
            .toString()
            .contains("merge-patch"),
        "PATCH takes a JSON Merge Patch");
    assertEquals(200, get("/openapi/ui/", null).status());
  }
}
