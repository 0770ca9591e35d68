package dev.parley.chat.boundary;

import dev.parley.platform.json.Jsons;
import jakarta.json.JsonObject;

/**
 * How protocol envelopes travel on a connection, chosen by the negotiated subprotocol: JSON text
 * frames ({@code parley.v1}) or Protocol Buffers binary frames ({@code parley.v1.proto}). The
 * protocol itself works on envelopes as JSON objects either way.
 */
interface WireFormat {

  String subprotocol();

  /** A frame for the envelope: a String (text frame) or a byte[] (binary frame). */
  Object encode(JsonObject envelope);

  JsonObject decode(Object frame);

  /** JSON text frames. */
  WireFormat JSON =
      new WireFormat() {
        @Override
        public String subprotocol() {
          return "parley.v1";
        }

        @Override
        public Object encode(JsonObject envelope) {
          return envelope.toString();
        }

        @Override
        public JsonObject decode(Object frame) {
          return Jsons.read((String) frame);
        }
      };
}
