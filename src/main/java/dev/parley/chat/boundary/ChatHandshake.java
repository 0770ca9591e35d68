package dev.parley.chat.boundary;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Negotiates the wire format: the first of the client's requested subprotocols that Parley speaks
 * ({@code parley.v1} JSON or {@code parley.v1.proto} Protocol Buffers); a credential subprotocol
 * ({@code bearer.…}, {@code token.…}) is never echoed back.
 */
public class ChatHandshake extends ServerEndpointConfig.Configurator {

  static final List<String> SPOKEN =
      List.of(WireFormat.JSON.subprotocol(), ProtobufFormat.SUBPROTOCOL);

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    return requested.stream().filter(SPOKEN::contains).findFirst().orElse("");
  }

  static WireFormat formatOf(String negotiated) {
    return ProtobufFormat.SUBPROTOCOL.equals(negotiated)
        ? ProtobufFormat.INSTANCE
        : WireFormat.JSON;
  }
}
