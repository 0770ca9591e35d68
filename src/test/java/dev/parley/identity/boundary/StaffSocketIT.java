package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ID-2: the session token authenticates WebSocket handshakes; revocation closes the socket. */
class StaffSocketIT {

  /** A client that queues what it receives: texts, and "close:<code>" when closed. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      received.add("close:" + status);
      return null;
    }

    /** The close, skipping other traffic (such as other agents' presence). */
    String nextClose() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String text;
      do {
        text = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } while (text != null && !text.startsWith("close:"));
      return text;
    }

    JsonObject nextJson() throws InterruptedException {
      String text = received.poll(10, TimeUnit.SECONDS);
      if (text == null || text.startsWith("close:")) {
        throw new AssertionError("expected a message, got " + text);
      }
      return Json.createReader(new StringReader(text)).readObject();
    }
  }

  private static URI uri() {
    return URI.create(Parley.baseUrl().replaceFirst("^http", "ws") + "/ws/v1/staff");
  }

  private static CompletableFuture<WebSocket> connect(Client client, String... protocols) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (protocols.length > 0) {
      builder.subprotocols(
          protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
    }
    return builder.buildAsync(uri(), client);
  }

  @Test
  void theSessionTokenOpensTheSocketAsASubprotocol() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    Client client = new Client();
    WebSocket socket =
        connect(client, "parley.v1", "bearer." + agent.login()).get(10, TimeUnit.SECONDS);
    assertEquals("parley.v1", socket.getSubprotocol());
    JsonObject hello = client.nextJson();
    assertEquals("welcome", hello.getString("type"));
    assertEquals(agent.id(), hello.getJsonObject("caller").getJsonNumber("id").longValue());
    assertEquals("agent", hello.getJsonObject("caller").getString("role"));

    socket.sendText("{\"type\":\"ping\"}", true);
    JsonObject reply;
    do {
      reply = client.nextJson();
    } while (reply.getString("type").equals("presence"));
    assertEquals("pong", reply.getString("type"));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void theAuthorizationHeaderWorksToo() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    Client client = new Client();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + agent.login())
            .subprotocols("parley.v1")
            .buildAsync(uri(), client)
            .get(10, TimeUnit.SECONDS);
    assertEquals("welcome", client.nextJson().getString("type"));
    socket.abort();
  }

  @Test
  void handshakesWithoutAValidSessionAreRefused() throws Exception {
    assertEquals(401, refusal(connect(new Client(), "parley.v1")));
    assertEquals(401, refusal(connect(new Client(), "parley.v1", "bearer.pst_forged")));
    assertEquals(
        403, refusal(connect(new Client(), "parley.v1", "bearer." + Parley.newApiToken("admin"))));
  }

  private static int refusal(CompletableFuture<WebSocket> attempt) throws Exception {
    try {
      attempt.get(10, TimeUnit.SECONDS).abort();
      throw new AssertionError("the handshake was accepted");
    } catch (java.util.concurrent.ExecutionException e) {
      WebSocketHandshakeException refused =
          assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      return refused.getResponse().statusCode();
    }
  }

  @Test
  void logoutClosesTheSocketAtOnce() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    String token = agent.login();
    Client client = new Client();
    connect(client, "parley.v1", "bearer." + token).get(10, TimeUnit.SECONDS);
    assertEquals("welcome", client.nextJson().getString("type"));

    assertEquals(204, Parley.post("/api/v1/auth/logout", token, null).status());
    assertEquals("close:4401", client.nextClose());
  }

  @Test
  void deactivationClosesEverySocketOfTheUser() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    Client first = new Client();
    Client second = new Client();
    connect(first, "parley.v1", "bearer." + agent.login()).get(10, TimeUnit.SECONDS);
    connect(second, "parley.v1", "bearer." + agent.login()).get(10, TimeUnit.SECONDS);
    assertEquals("welcome", first.nextJson().getString("type"));
    assertEquals("welcome", second.nextJson().getString("type"));

    Parley.call("PATCH", "/api/v1/users/" + agent.id(), Parley.admin(), "{\"active\":false}");
    assertEquals("close:4401", first.nextClose());
    assertEquals("close:4401", second.nextClose());
  }
}
