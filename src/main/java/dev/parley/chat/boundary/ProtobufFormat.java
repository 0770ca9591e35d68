package dev.parley.chat.boundary;

import jakarta.json.JsonObject;

/** Protocol Buffers binary frames ({@code parley.v1.proto}); see docs/chat-protocol.md. */
final class ProtobufFormat implements WireFormat {

  static final String SUBPROTOCOL = "parley.v1.proto";
  static final ProtobufFormat INSTANCE = new ProtobufFormat();

  @Override
  public String subprotocol() {
    return SUBPROTOCOL;
  }

  @Override
  public Object encode(JsonObject envelope) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public JsonObject decode(Object frame) {
    throw new UnsupportedOperationException("not yet");
  }
}
