package dev.parley.chat.boundary;

import static dev.parley.testing.ChatFixture.clientId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** CH-3: the Protocol Buffers subprotocol carries the same conversation as JSON, side by side. */
class BinaryProtocolIT {

  @Test
  void aBinaryVisitorAndAJsonAgentConverse() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    ChatClient binary =
        new ChatClient()
            .binary(
                e -> (byte[]) ProtobufFormat.INSTANCE.encode(e), ProtobufFormat.INSTANCE::decode);
    try (ChatClient visitor =
            ChatClient.connect(
                binary,
                Parley.baseUrl() + "/ws/v1/visitor",
                ChatFixture.ORIGIN,
                "parley.v1.proto",
                "token." + chat.visitorToken());
        ChatClient staff = ChatClient.staff(Parley.baseUrl(), agent.login())) {
      assertEquals("parley.v1.proto", visitor.socket().getSubprotocol());
      staff.next("welcome");
      assertEquals(
          chat.inboxId,
          visitor.next("welcome").getJsonObject("inbox").getJsonNumber("inbox").longValue());

      long id = ChatProtocolIT.start(visitor, "binary hello").getJsonNumber("id").longValue();
      JsonObject created =
          staff.next(e -> "conversation".equals(e.getString("type")), "the new conversation");
      assertEquals(id, created.getJsonObject("conversation").getJsonNumber("id").longValue());
      staff.send(
          Json.createObjectBuilder()
              .add("type", "watch")
              .add("id", "w")
              .add("conversation", id)
              .add("after", 0)
              .build());
      JsonObject first =
          staff.next(
              e ->
                  "message".equals(e.getString("type"))
                      && "binary hello".equals(e.getString("text", "")),
              "the visitor's message, replayed");
      assertEquals(1, first.getJsonNumber("seq").longValue());

      staff.send(
          Json.createObjectBuilder()
              .add("type", "claim")
              .add("id", "c")
              .add("conversation", id)
              .build());
      staff.next("ack");
      JsonObject ack = ChatProtocolIT.send(staff, id, clientId(), "héllo in JSON ✓");
      JsonObject reply =
          visitor.next(
              e -> "message".equals(e.getString("type")) && "agent".equals(e.getString("kind", "")),
              "reply");
      assertEquals("héllo in JSON ✓", reply.getString("text"));
      assertEquals(ack.getJsonNumber("seq"), reply.getJsonNumber("seq"));
      assertEquals(agent.id(), reply.getJsonObject("author").getJsonNumber("id").longValue());
    }
  }
}
