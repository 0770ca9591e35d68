package dev.parley.chat.boundary;

import dev.parley.chat.control.Participant;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A visitor's live connection from the widget ({@code /ws/v1/visitor}), authenticated at the
 * handshake by the signed visitor token and the inbox's allowed origins ({@link
 * VisitorSocketAuthentication}). It carries the chat protocol for visitors: start, send, resume,
 * typing, read receipts, email while waiting, rating.
 */
@ServerEndpoint(
    value = "/ws/v1/visitor",
    subprotocols = {"parley.v1", "parley.v1.proto"},
    configurator = ChatHandshake.class)
public class VisitorSocket {

  private static final Logger LOG = Logger.getLogger(VisitorSocket.class.getName());

  private final ChatProtocol protocol = CDI.current().select(ChatProtocol.class).get();
  private final ChatLimits limits = CDI.current().select(ChatLimits.class).get();

  @OnOpen
  public void open(Session session) throws IOException {
    if (!(session.getUserPrincipal()
        instanceof VisitorSocketAuthentication.VisitorPrincipal principal)) {
      session.close(new CloseReason(() -> ChatConnections.SESSION_REVOKED, "not authenticated"));
      return;
    }
    session.setMaxIdleTimeout(limits.idleTimeoutMillis());
    session.setMaxTextMessageBufferSize(limits.maxFrameBytes());
    session.setMaxBinaryMessageBufferSize(limits.maxFrameBytes());
    Connection connection =
        new Connection(
            session,
            new Participant.Visitor(principal.visitorId(), principal.inboxId()),
            ChatHandshake.formatOf(session.getNegotiatedSubprotocol()),
            principal.remoteAddress(),
            limits.forConnection());
    session.getUserProperties().put(Connection.class.getName(), connection);
    protocol.opened(connection, null);
  }

  @OnMessage
  public void text(String text, Session session) {
    Connection connection = connection(session);
    if (connection != null) {
      protocol.received(connection, text);
    }
  }

  @OnMessage
  public void binary(ByteBuffer bytes, Session session) {
    Connection connection = connection(session);
    if (connection != null) {
      byte[] frame = new byte[bytes.remaining()];
      bytes.get(frame);
      protocol.received(connection, frame);
    }
  }

  @OnClose
  public void close(Session session) {
    Connection connection = connection(session);
    if (connection != null) {
      protocol.closed(connection, null);
    }
  }

  @OnError
  public void error(Session session, Throwable error) {
    LOG.log(Level.FINE, "staff socket error", error);
  }

  private static Connection connection(Session session) {
    return (Connection) session.getUserProperties().get(Connection.class.getName());
  }
}
