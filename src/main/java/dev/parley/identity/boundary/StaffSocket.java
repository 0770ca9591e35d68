package dev.parley.identity.boundary;

import dev.parley.identity.control.Authenticator;
import dev.parley.identity.entity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A staff user's live connection ({@code /ws/v1/staff}, subprotocol {@code parley.v1}),
 * authenticated at the handshake with the session token. It greets with who is connected, answers
 * pings, and closes with 4401 the moment the session is revoked on any node (logout, deactivation,
 * password reset), so no tab keeps a signed-out user's live data. The chat protocol builds on it.
 */
@ServerEndpoint(
    value = "/ws/v1/staff",
    subprotocols = StaffSocketAuthentication.SUBPROTOCOL,
    configurator = StaffHandshake.class)
public class StaffSocket {

  private static final Logger LOG = Logger.getLogger(StaffSocket.class.getName());

  /** Close code for a revoked or expired session (4000-4999 are the application's). */
  public static final int SESSION_REVOKED = 4401;

  /** Open staff connections by token hash, to close them on revocation. */
  @ApplicationScoped
  public static class Connections {
    private final Map<String, Set<Session>> byToken = new ConcurrentHashMap<>();

    void add(String tokenHash, Session session) {
      byToken.computeIfAbsent(tokenHash, h -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(String tokenHash, Session session) {
      byToken.computeIfPresent(
          tokenHash,
          (h, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
          });
    }

    void onRevoked(@Observes Authenticator.Revoked revoked) {
      Set<Session> sessions = byToken.remove(revoked.tokenHash());
      if (sessions == null) {
        return;
      }
      for (Session session : sessions) {
        try {
          session.close(new CloseReason(() -> SESSION_REVOKED, "session revoked"));
        } catch (IOException e) {
          LOG.log(Level.FINE, "closing a revoked session", e);
        }
      }
    }

    public int count() {
      return byToken.values().stream().mapToInt(Set::size).sum();
    }
  }

  private final Connections connections;

  public StaffSocket() {
    this.connections = jakarta.enterprise.inject.spi.CDI.current().select(Connections.class).get();
  }

  @OnOpen
  public void open(Session session) throws IOException {
    if (!(session.getUserPrincipal()
        instanceof StaffSocketAuthentication.StaffPrincipal principal)) {
      session.close(new CloseReason(() -> SESSION_REVOKED, "not authenticated"));
      return;
    }
    session.getUserProperties().put("tokenHash", principal.tokenHash());
    connections.add(principal.tokenHash(), session);
    Caller caller = principal.caller();
    session
        .getAsyncRemote()
        .sendText(
            Json.createObjectBuilder()
                .add("type", "hello")
                .add("protocol", StaffSocketAuthentication.SUBPROTOCOL)
                .add(
                    "caller",
                    Json.createObjectBuilder()
                        .add("id", caller.id())
                        .add("name", caller.name())
                        .add("role", caller.role().wire()))
                .build()
                .toString());
  }

  @OnMessage
  public void message(String text, Session session) {
    String type;
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      JsonObject message = reader.readObject();
      type = message.getString("type", "");
    } catch (RuntimeException e) {
      type = "";
    }
    String reply =
        "ping".equals(type)
            ? "{\"type\":\"pong\"}"
            : "{\"type\":\"error\",\"detail\":\"unknown message; send {\\\"type\\\":\\\"ping\\\"}\"}";
    session.getAsyncRemote().sendText(reply);
  }

  @OnClose
  public void close(Session session) {
    Object hash = session.getUserProperties().get("tokenHash");
    if (hash != null) {
      connections.remove(hash.toString(), session);
    }
  }

  @OnError
  public void error(Session session, Throwable error) {
    LOG.log(Level.FINE, "staff socket error", error);
  }
}
