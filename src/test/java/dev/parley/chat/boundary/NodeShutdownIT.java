package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ServerCopy;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CH-3: a node that stops tells its clients to reconnect elsewhere (a {@code reconnect} envelope,
 * then close 1012) rather than just dropping them. Uses its own embedded-default node (with its
 * demo inbox), so it runs in either pass.
 */
class NodeShutdownIT {

  @Test
  void aStoppingNodeTellsItsClientsToReconnect() throws Exception {
    try (ServerCopy node = ServerCopy.of("parley-node-stop")) {
      node.start(Map.of());
      assertTrue(node.awaitReady(180), "the node did not become ready");
      HttpResponse<String> session =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/widget/sessions"))
                      .header("Content-Type", "application/json")
                      .header("Origin", "http://localhost:9080")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"widgetKey\":\"demo\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(201, session.statusCode(), session.body());
      Matcher token = Pattern.compile("\"visitorToken\":\"([^\"]+)\"").matcher(session.body());
      assertTrue(token.find());
      try (ChatClient visitor =
          ChatClient.visitor(node.baseUrl(), token.group(1), "http://localhost:9080")) {
        visitor.next("welcome");
        node.stopGracefully();
        JsonObject reconnect = visitor.next("reconnect");
        assertTrue(reconnect.getInt("afterMs") > 0);
        assertEquals(1012, visitor.awaitClose());
      }
    }
  }
}
