package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ID-2 across nodes: a second Parley node on the same PostgreSQL and Artemis broker honours a
 * session signed in on the first, and drops it (REST and WebSocket) as soon as the first node
 * revokes it, long before its one-minute cache would expire. Needs the shared stack, so it runs in
 * the test command's PostgreSQL pass.
 */
class CrossNodeRevocationIT {

  private static int status(String url, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void logoutOnOneNodeEndsTheSessionOnTheOther() throws Exception {
    Map<String, String> shared = ServerCopy.sharedStack();
    try (ServerCopy nodeB = ServerCopy.of("parley-node-b")) {
      nodeB.start(shared);
      assertTrue(nodeB.awaitReady(180), "the second node did not become ready");

      Parley.User agent = Parley.newUser("agent");
      String token = agent.login(); // signed in on node A
      assertEquals(
          200, status(nodeB.baseUrl() + "/api/v1/me", token), "node B honours node A's session");

      StaffSocketIT.Client socket = new StaffSocketIT.Client();
      HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .subprotocols("parley.v1", "bearer." + token)
          .buildAsync(
              URI.create(nodeB.baseUrl().replaceFirst("^http", "ws") + "/ws/v1/staff"), socket)
          .get(10, TimeUnit.SECONDS);
      assertEquals("welcome", socket.nextJson().getString("type"));

      assertEquals(204, Parley.post("/api/v1/auth/logout", token, null).status()); // on node A
      assertEquals("close:4401", socket.nextClose(), "node B closes the socket");
      int after = 200;
      for (int i = 0; i < 20 && after == 200; i++) {
        Thread.sleep(250);
        after = status(nodeB.baseUrl() + "/api/v1/me", token);
      }
      assertEquals(401, after, "node B refuses the revoked session within seconds");
    }
  }
}
