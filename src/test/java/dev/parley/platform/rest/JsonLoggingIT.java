package dev.parley.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PARLEY_LOG_FORMAT=json writes one JSON object per log line, and a line written while serving a
 * request carries that request's id.
 */
class JsonLoggingIT {

  /**
   * Its servers start with their own settings only (the embedded default, whatever the pass), so
   * the PostgreSQL pass would test the same thing again.
   */
  @org.junit.jupiter.api.BeforeAll
  static void onceIsEnough() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("PARLEY_DB_URL") == null,
        "starts its own servers on the embedded default: it ran in the first pass");
  }

  @Test
  void logLinesAreJsonAndCarryTheRequestId() throws Exception {
    try (ServerCopy server = ServerCopy.of("parley-json-log")) {
      server.start(Map.of("PARLEY_LOG_FORMAT", "json"));
      assertTrue(server.awaitReady(180), "server with JSON logs did not become ready");

      String requestId = "log-test-" + Parley.unique();
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/auth/login"))
                      .header("Content-Type", "application/json")
                      .header("X-Request-Id", requestId)
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              Parley.credentials("nobody@example.com", "wrong password")))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode());

      Optional<JsonObject> line = Optional.empty();
      for (int i = 0; i < 40 && line.isEmpty(); i++) {
        Thread.sleep(250);
        List<String> lines = Files.readAllLines(server.messagesLog(), StandardCharsets.UTF_8);
        // Liberty's header block and launch line come before it reads server.xml; from the first
        // configured line on, every line must be JSON
        int header = 0;
        while (header < lines.size() && !lines.get(header).startsWith("{")) {
          header++;
        }
        assertTrue(header < lines.size(), "no JSON log line at all");
        List<String> notJson =
            lines.subList(header, lines.size()).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("{"))
                .toList();
        assertTrue(notJson.isEmpty(), "log lines that are not JSON: " + notJson);
        line =
            lines.stream()
                .filter(l -> l.contains(requestId))
                .map(l -> Json.createReader(new StringReader(l)).readObject())
                .findFirst();
      }
      JsonObject logged =
          line.orElseThrow(() -> new AssertionError("no log line with the request id"));
      assertEquals(requestId, logged.getString("ext_requestId"));
      assertTrue(logged.getString("message").contains("Sign-in refused"), logged.toString());
    }
  }
}
