package dev.parley.chat.boundary;

import dev.parley.chat.control.ChatWire;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageKind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Bytes on the wire, JSON ({@code parley.v1}) against Protocol Buffers ({@code parley.v1.proto}),
 * for a realistic mix of frames (bench/wire-sizes; not a test). Conversations are replayed from the
 * CovidFAQ dataset (questions as the visitor's messages, answers as the agent's) and every frame
 * both sides would send or receive is counted: starts, sends, acks, the message to each party,
 * typing on and off, read receipts, conversation changes, pings and pongs. The envelopes are made
 * by Parley's own {@link ChatWire} from real entities, and encoded by the real {@link
 * ProtobufFormat}.
 */
public final class WireSizes {

  private final Map<String, long[]> byType = new LinkedHashMap<>();

  public static void main(String[] args) throws IOException {
    Path dataset =
        Path.of(args.length > 0 ? args[0] : "../shared/datasets/covidfaq/query_answer_pairs.json");
    List<String[]> pairs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(dataset)) {
      for (JsonValue v : Json.createReader(in).readArray()) {
        JsonObject o = v.asJsonObject();
        pairs.add(new String[] {o.getString("question").strip(), o.getString("answer").strip()});
      }
    }
    WireSizes sizes = new WireSizes();
    Random random = new Random(42);
    for (int c = 0; c < 300; c++) {
      sizes.conversation(c + 1000, pairs, random);
    }
    long json = 0;
    long proto = 0;
    long frames = 0;
    System.out.println("| frame | count | JSON bytes | protobuf bytes | protobuf / JSON |");
    System.out.println("|---|---|---|---|---|");
    for (Map.Entry<String, long[]> e : sizes.byType.entrySet()) {
      long[] v = e.getValue();
      frames += v[0];
      json += v[1];
      proto += v[2];
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d | %.2f |%n",
          e.getKey(),
          v[0],
          v[1],
          v[2],
          v[2] / (double) v[1]);
    }
    System.out.printf(
        Locale.ROOT,
        "| **all** | %d | %d | %d | **%.2f** (%+.0f%%) |%n",
        frames,
        json,
        proto,
        proto / (double) json,
        100.0 * (proto - json) / json);
  }

  private void count(String what, JsonObject envelope) {
    long jsonBytes = envelope.toString().getBytes(StandardCharsets.UTF_8).length;
    long protoBytes = ((byte[]) ProtobufFormat.INSTANCE.encode(envelope)).length;
    long[] v = byType.computeIfAbsent(what, k -> new long[3]);
    v[0]++;
    v[1] += jsonBytes;
    v[2] += protoBytes;
  }

  private void conversation(long id, List<String[]> pairs, Random random) {
    Conversation c =
        new Conversation(
            7, "v_" + UUID.randomUUID().toString().replace("-", ""), Map.of("name", "Ada"), false);
    try { // as if stored: the database gives the id
      var field = Conversation.class.getDeclaredField("id");
      field.setAccessible(true);
      field.set(c, id);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    String start = UUID.randomUUID().toString();
    count(
        "start (visitor→)",
        Json.createObjectBuilder()
            .add("type", "start")
            .add("id", start)
            .add("fields", Json.createObjectBuilder().add("name", "Ada"))
            .add("text", "Hello")
            .build());
    JsonObject state = ChatWire.conversation(c);
    count(
        "ack of start (→visitor)",
        Json.createObjectBuilder()
            .add("type", "ack")
            .add("id", start)
            .add("conversation", state)
            .add("duplicate", false)
            .add("seq", 1)
            .build());
    count(
        "conversation (→visitor, →agent)",
        ChatWire.conversationChanged(ChatWire.conversationForStaff(c)));
    count("conversation (→visitor, →agent)", ChatWire.conversationChanged(state));
    int turns = 3 + random.nextInt(6);
    for (int t = 0; t < turns; t++) {
      String[] pair = pairs.get(random.nextInt(pairs.size()));
      exchange(c, id, MessageKind.VISITOR, null, "Ada", pair[0]);
      exchange(c, id, MessageKind.AGENT, 58L, "Sam Agent", pair[1]);
      if (t % 2 == 0) {
        JsonObject ping = Json.createObjectBuilder().add("type", "ping").build();
        count("ping / pong", ping);
        count(
            "ping / pong",
            Json.createObjectBuilder()
                .add("type", "pong")
                .add("at", "2026-11-27T06:22:09.120Z")
                .build());
      }
    }
  }

  private void exchange(
      Conversation c, long id, MessageKind kind, Long author, String name, String text) {
    String clientId = UUID.randomUUID().toString();
    boolean agent = kind == MessageKind.AGENT;
    JsonObject typing =
        Json.createObjectBuilder()
            .add("type", "typing")
            .add("conversation", id)
            .add("on", true)
            .add(
                "by",
                agent
                    ? Json.createObjectBuilder().add("agent", 58).add("name", name)
                    : Json.createObjectBuilder().add("visitor", c.visitorId()))
            .build();
    count(
        "typing (→server, →other side)",
        Json.createObjectBuilder()
            .add("type", "typing")
            .add("conversation", id)
            .add("on", true)
            .build());
    count("typing (→server, →other side)", typing);
    count(
        "send (→server)",
        Json.createObjectBuilder()
            .add("type", "send")
            .add("id", clientId)
            .add("conversation", id)
            .add("text", text)
            .build());
    Message m = c.append(kind, author, name, clientId, text, null);
    count(
        "ack (→sender)",
        Json.createObjectBuilder()
            .add("type", "ack")
            .add("id", clientId)
            .add("conversation", id)
            .add("seq", m.seq())
            .add("at", m.createdAt().toString())
            .add("duplicate", false)
            .build());
    JsonObject staffView =
        Json.createObjectBuilder(ChatWire.message(m)).add("conversation", id).build();
    JsonObject visitorView =
        Json.createObjectBuilder(ChatWire.visitorMessage(m)).add("conversation", id).build();
    count("message (→visitor, →agent)", staffView);
    count("message (→visitor, →agent)", visitorView);
    JsonObject read =
        Json.createObjectBuilder()
            .add("type", "read")
            .add("conversation", id)
            .add("seq", m.seq())
            .build();
    count("read (→server, →other side)", read);
    count(
        "read (→server, →other side)",
        Json.createObjectBuilder(read).add("by", agent ? "visitor" : "agent").build());
  }
}
