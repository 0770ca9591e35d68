package dev.parley.identity.boundary;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/** Answers a staff handshake with the {@code parley.v1} subprotocol, never echoing a bearer one. */
public class StaffHandshake extends ServerEndpointConfig.Configurator {

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    return requested.contains(StaffSocketAuthentication.SUBPROTOCOL)
        ? StaffSocketAuthentication.SUBPROTOCOL
        : "";
  }
}
