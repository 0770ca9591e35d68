package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CH-3: the binary subprotocol carries the same envelopes, in the schema's bytes. */
class ProtobufFormatTest {

  static final List<String> MIX =
      List.of(
          "{\"type\":\"send\",\"id\":\"2f1c5a9e-3b7d-4c1e-9a8f-1d2e3f4a5b6c\",\"conversation\":1042,\"text\":\"Hi, my Nib 3 pen leaks ink\"}",
          "{\"type\":\"ack\",\"id\":\"2f1c5a9e-3b7d-4c1e-9a8f-1d2e3f4a5b6c\",\"conversation\":1042,\"seq\":17,\"at\":\"2026-11-27T06:22:07.889Z\",\"duplicate\":false}",
          "{\"type\":\"message\",\"conversation\":1042,\"seq\":18,\"prev\":17,\"kind\":\"agent\",\"text\":\"Sorry to hear that! Which model?\",\"at\":\"2026-11-27T06:22:09Z\",\"author\":{\"id\":58,\"name\":\"Sam Agent\"},\"id\":\"7d0c1b2a-0000-4000-8000-00000000002a\"}",
          "{\"type\":\"typing\",\"conversation\":1042,\"on\":true,\"by\":{\"visitor\":\"v_7b637865085cc0e2aa1aa681927024ad\"}}",
          "{\"type\":\"read\",\"conversation\":1042,\"by\":\"visitor\",\"seq\":18}",
          "{\"type\":\"presence\",\"agent\":58,\"status\":\"away\"}",
          "{\"type\":\"conversation\",\"conversation\":{\"id\":1042,\"inbox\":9,\"state\":\"human\",\"lastSeq\":18,\"assignee\":58}}",
          "{\"type\":\"ping\"}",
          "{\"type\":\"gap\",\"conversation\":1042,\"from\":1,\"to\":40,\"reason\":\"history before seq 41 is not replayed\"}",
          "{\"type\":\"error\",\"id\":\"x\",\"code\":\"not_found\",\"detail\":\"No conversation 7\",\"v\":1}");

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void everyEnvelopeSurvivesTheRoundTripUnchanged() {
    for (String text : MIX) {
      JsonObject envelope = json(text);
      byte[] bytes = (byte[]) ProtobufFormat.INSTANCE.encode(envelope);
      assertEquals(envelope, ProtobufFormat.INSTANCE.decode(bytes), text);
    }
    // zero, false and empty are kept (presence), nanosecond times go as extra, unknown nested too
    JsonObject edge =
        json(
            "{\"type\":\"\",\"seq\":0,\"on\":false,\"at\":\"2026-11-27T06:22:07.889123456Z\",\"author\":{\"name\":\"A\",\"role\":\"x\"},\"conversation\":\"12\"}");
    assertEquals(edge, ProtobufFormat.INSTANCE.decode(ProtobufFormat.INSTANCE.encode(edge)));
  }

  @Test
  void theBytesAreAParleyV1EnvelopeForAnyProtobufLibrary() throws Exception {
    JsonObject envelope = json(MIX.get(2));
    Descriptor d = envelopeDescriptor();
    DynamicMessage parsed =
        DynamicMessage.parseFrom(d, (byte[]) ProtobufFormat.INSTANCE.encode(envelope));
    assertEquals("message", parsed.getField(d.findFieldByName("type")));
    assertEquals(1042L, parsed.getField(d.findFieldByName("conversation")));
    assertEquals(18L, parsed.getField(d.findFieldByName("seq")));
    assertEquals(17L, parsed.getField(d.findFieldByName("prev")));
    assertEquals("Sorry to hear that! Which model?", parsed.getField(d.findFieldByName("text")));
    assertEquals(
        java.time.Instant.parse("2026-11-27T06:22:09Z").toEpochMilli(),
        parsed.getField(d.findFieldByName("at_ms")));
    DynamicMessage author = (DynamicMessage) parsed.getField(d.findFieldByName("author"));
    assertEquals(
        "Sam Agent", author.getField(author.getDescriptorForType().findFieldByName("name")));
    assertTrue(parsed.getUnknownFields().asMap().isEmpty(), "no field outside the schema");
  }

  @Test
  void binaryIsSmallerThanJsonOnARealisticMix() {
    long json = 0;
    long proto = 0;
    for (String text : MIX) {
      json += json(text).toString().getBytes(StandardCharsets.UTF_8).length;
      proto += ((byte[]) ProtobufFormat.INSTANCE.encode(json(text))).length;
    }
    assertTrue(proto < json, "protobuf " + proto + " bytes vs JSON " + json);
  }

  /** docs/parley-v1.proto, built as a descriptor (protoc is not needed to check the bytes). */
  static Descriptor envelopeDescriptor() throws Exception {
    DescriptorProto author =
        DescriptorProto.newBuilder()
            .setName("Author")
            .addField(field("id", 1, FieldDescriptorProto.Type.TYPE_INT64, null))
            .addField(field("name", 2, FieldDescriptorProto.Type.TYPE_STRING, null))
            .build();
    DescriptorProto envelope =
        DescriptorProto.newBuilder()
            .setName("Envelope")
            .addField(field("type", 1, FieldDescriptorProto.Type.TYPE_STRING, null))
            .addField(field("id", 2, FieldDescriptorProto.Type.TYPE_STRING, null))
            .addField(field("conversation", 3, FieldDescriptorProto.Type.TYPE_INT64, null))
            .addField(field("seq", 4, FieldDescriptorProto.Type.TYPE_INT64, null))
            .addField(field("prev", 5, FieldDescriptorProto.Type.TYPE_INT64, null))
            .addField(field("kind", 6, FieldDescriptorProto.Type.TYPE_STRING, null))
            .addField(field("text", 7, FieldDescriptorProto.Type.TYPE_STRING, null))
            .addField(field("at_ms", 8, FieldDescriptorProto.Type.TYPE_INT64, null))
            .addField(
                field("author", 9, FieldDescriptorProto.Type.TYPE_MESSAGE, ".parley.v1.Author"))
            .addField(field("on", 10, FieldDescriptorProto.Type.TYPE_BOOL, null))
            .addField(field("duplicate", 11, FieldDescriptorProto.Type.TYPE_BOOL, null))
            .addField(field("v", 12, FieldDescriptorProto.Type.TYPE_INT32, null))
            .addField(field("agent", 13, FieldDescriptorProto.Type.TYPE_INT64, null))
            .addField(field("status", 14, FieldDescriptorProto.Type.TYPE_STRING, null))
            .addField(field("extra_json", 15, FieldDescriptorProto.Type.TYPE_STRING, null))
            .build();
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("parley-v1.proto")
            .setPackage("parley.v1")
            .setSyntax("proto3")
            .addMessageType(author)
            .addMessageType(envelope)
            .build();
    return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Envelope");
  }

  private static FieldDescriptorProto field(
      String name, int number, FieldDescriptorProto.Type type, String typeName) {
    FieldDescriptorProto.Builder field =
        FieldDescriptorProto.newBuilder()
            .setName(name)
            .setNumber(number)
            .setType(type)
            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    if (typeName != null) {
      field.setTypeName(typeName);
    }
    return field.build();
  }
}
