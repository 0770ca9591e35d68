package dev.parley.chat.boundary;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.parley.platform.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The binary subprotocol {@code parley.v1.proto}: the same envelopes as JSON, as Protocol Buffers
 * messages of {@code docs/parley-v1.proto}. The frequent fields (type, ids, sequence numbers, kind,
 * text, time, author) are typed fields; anything else travels in {@code extra_json}, so every
 * envelope survives the round trip unchanged and new fields need no schema change.
 *
 * <p>Written with protobuf-java's coded streams against the schema rather than generated classes:
 * the mapping from the JSON envelope is the whole job, and the bytes are the schema's (a test
 * parses them with a descriptor of it).
 */
final class ProtobufFormat implements WireFormat {

  static final String SUBPROTOCOL = "parley.v1.proto";
  static final ProtobufFormat INSTANCE = new ProtobufFormat();

  // field numbers of parley.v1.Envelope
  static final int TYPE = 1;
  static final int ID = 2;
  static final int CONVERSATION = 3;
  static final int SEQ = 4;
  static final int PREV = 5;
  static final int KIND = 6;
  static final int TEXT = 7;
  static final int AT_MS = 8;
  static final int AUTHOR = 9;
  static final int ON = 10;
  static final int DUPLICATE = 11;
  static final int V = 12;
  static final int AGENT = 13;
  static final int STATUS = 14;
  static final int EXTRA_JSON = 15;

  // parley.v1.Author
  static final int AUTHOR_ID = 1;
  static final int AUTHOR_NAME = 2;

  private static final Map<String, Integer> STRINGS =
      Map.of("type", TYPE, "id", ID, "kind", KIND, "text", TEXT, "status", STATUS);
  private static final Map<String, Integer> LONGS =
      Map.of("conversation", CONVERSATION, "seq", SEQ, "prev", PREV, "v", V, "agent", AGENT);
  private static final Map<String, Integer> BOOLEANS = Map.of("on", ON, "duplicate", DUPLICATE);

  private ProtobufFormat() {}

  @Override
  public String subprotocol() {
    return SUBPROTOCOL;
  }

  @Override
  public Object encode(JsonObject envelope) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes, 256);
      JsonObjectBuilder extra = null;
      for (Map.Entry<String, JsonValue> field : envelope.entrySet()) {
        if (!write(out, field.getKey(), field.getValue())) {
          if (extra == null) {
            extra = Jsons.object();
          }
          extra.add(field.getKey(), field.getValue());
        }
      }
      if (extra != null) {
        out.writeString(EXTRA_JSON, extra.build().toString());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a field as its typed protobuf field; false when it belongs in extra_json. */
  private static boolean write(CodedOutputStream out, String name, JsonValue value)
      throws IOException {
    Integer number = STRINGS.get(name);
    if (number != null && value instanceof JsonString s) {
      out.writeString(number, s.getString());
      return true;
    }
    number = LONGS.get(name);
    if (number != null && value instanceof JsonNumber n && n.isIntegral()) {
      try {
        out.writeInt64(number, n.longValueExact());
        return true;
      } catch (ArithmeticException tooBig) {
        return false;
      }
    }
    number = BOOLEANS.get(name);
    if (number != null && (value == JsonValue.TRUE || value == JsonValue.FALSE)) {
      out.writeBool(number, value == JsonValue.TRUE);
      return true;
    }
    if (name.equals("at") && value instanceof JsonString s) {
      try {
        long millis = Instant.parse(s.getString()).toEpochMilli();
        if (Instant.ofEpochMilli(millis).toString().equals(s.getString())) {
          out.writeInt64(AT_MS, millis);
          return true;
        }
      } catch (DateTimeParseException | ArithmeticException e) {
        return false;
      }
      return false;
    }
    if (name.equals("author") && value instanceof JsonObject author && isAuthor(author)) {
      ByteArrayOutputStream nested = new ByteArrayOutputStream(32);
      CodedOutputStream inner = CodedOutputStream.newInstance(nested, 64);
      if (author.containsKey("id")) {
        inner.writeInt64(AUTHOR_ID, author.getJsonNumber("id").longValueExact());
      }
      inner.writeString(AUTHOR_NAME, author.getString("name"));
      inner.flush();
      out.writeByteArray(AUTHOR, nested.toByteArray());
      return true;
    }
    return false;
  }

  private static boolean isAuthor(JsonObject author) {
    if (!(author.get("name") instanceof JsonString)) {
      return false;
    }
    for (String key : author.keySet()) {
      if (!key.equals("name")
          && !(key.equals("id")
              && author.get("id") instanceof JsonNumber n
              && n.isIntegral()
              && n.bigIntegerValue().bitLength() < 64)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public JsonObject decode(Object frame) {
    try {
      CodedInputStream in = CodedInputStream.newInstance((byte[]) frame);
      JsonObjectBuilder envelope = Jsons.object();
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        int number = tag >>> 3;
        String name = nameOf(number);
        switch (number) {
          case TYPE, ID, KIND, TEXT, STATUS -> envelope.add(name, in.readString());
          case CONVERSATION, SEQ, PREV, V, AGENT -> envelope.add(name, in.readInt64());
          case ON, DUPLICATE -> envelope.add(name, in.readBool());
          case AT_MS -> envelope.add("at", Instant.ofEpochMilli(in.readInt64()).toString());
          case AUTHOR -> envelope.add("author", author(in.readByteArray()));
          case EXTRA_JSON -> {
            Jsons.read(in.readString()).forEach(envelope::add);
          }
          default -> in.skipField(tag);
        }
      }
      return envelope.build();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a parley.v1.Envelope: " + e.getMessage(), e);
    }
  }

  private static JsonObject author(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    JsonObjectBuilder author = Jsons.object();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case AUTHOR_ID -> author.add("id", in.readInt64());
        case AUTHOR_NAME -> author.add("name", in.readString());
        default -> in.skipField(tag);
      }
    }
    return author.build();
  }

  private static String nameOf(int number) {
    return switch (number) {
      case TYPE -> "type";
      case ID -> "id";
      case CONVERSATION -> "conversation";
      case SEQ -> "seq";
      case PREV -> "prev";
      case KIND -> "kind";
      case TEXT -> "text";
      case ON -> "on";
      case DUPLICATE -> "duplicate";
      case V -> "v";
      case AGENT -> "agent";
      case STATUS -> "status";
      default -> "";
    };
  }
}
