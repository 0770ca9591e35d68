package dev.parley.chat.boundary;

import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.ChatFeed;
import dev.parley.chat.control.ChatWire;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.control.Inboxes;
import dev.parley.chat.control.Participant;
import dev.parley.chat.control.Presence;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Message;
import dev.parley.identity.entity.Caller;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.DomainException;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.errors.RepeatedFailures;
import dev.parley.platform.errors.Transient;
import dev.parley.platform.json.JsonShapes;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.json.Texts;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat protocol's server side (docs/chat-protocol.md): reads a client's envelope, checks its
 * rate budget, acts through the controls and answers. Visitors and staff share the envelope and
 * most message types; each type states who may send it.
 */
@ApplicationScoped
public class ChatProtocol {

  private static final Logger LOG = Logger.getLogger(ChatProtocol.class.getName());

  /** Close code for a client over its rate budget (RFC 6455 policy violation). */
  static final CloseReason.CloseCode POLICY = CloseReason.CloseCodes.VIOLATED_POLICY;

  @Inject Conversations conversations;
  @Inject Inboxes inboxes;
  @Inject Presence presence;
  @Inject ChatConnections connections;
  @Inject ChatFeed feed;
  @Inject ChatLimits limits;

  private final RepeatedFailures failures = new RepeatedFailures(LOG);

  @Resource(lookup = "concurrent/parley-chat")
  ManagedExecutorService workers;

  // ---- connection lifecycle ------------------------------------------------------------------

  /**
   * Registers a new connection for live events, then greets it with who it is and its
   * conversations: the welcome is always the first envelope (live events wait behind it), and
   * nothing that happens while the welcome is being read is lost.
   */
  void opened(Connection c, String tokenHash) {
    // the greeting reads the database: do it on the chat workers, first in the connection's
    // queue, so the WebSocket threads stay free for reads and handshakes
    c.receive(OPENED, workers, frame -> handle(c, frame, tokenHash));
  }

  /** Stands for "the connection opened" in a connection's queue of frames. */
  private static final Object OPENED = new Object();

  private void handle(Connection c, Object frame, String tokenHash) {
    if (frame == OPENED) {
      try {
        greet(c, tokenHash);
      } catch (RuntimeException e) {
        // no welcome without the database: the client reconnects later and is greeted then
        failures.record("greeting a chat connection", e);
        c.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "server unavailable, reconnect");
      }
    } else {
      handle(c, frame);
    }
  }

  private void greet(Connection c, String tokenHash) {
    c.holdBack();
    connections.add(c, tokenHash);
    JsonObjectBuilder welcome =
        Jsons.object()
            .add("type", "welcome")
            .add("v", ChatWire.VERSION)
            .add("connection", c.id())
            .add("heartbeatSeconds", limits.heartbeatSeconds())
            .add("node", feed.node());
    JsonArrayBuilder list = Jsons.array();
    if (c.participant() instanceof Participant.Visitor v) {
      welcome.add("visitor", v.visitorId());
      inboxes.find(v.inboxId()).ifPresent(i -> welcome.add("inbox", i.widgetConfig(Instant.now())));
      for (Conversation conv : conversations.ofVisitor(v.visitorId(), v.inboxId(), 10)) {
        list.add(ChatWire.conversation(conv));
      }
    } else {
      Caller caller = ((Participant.Staff) c.participant()).caller();
      welcome.add(
          "caller",
          Jsons.object()
              .add("id", caller.id())
              .add("name", caller.name())
              .add("role", caller.role().wire()));
      presence.connected(caller.id());
      welcome.add("presence", presence.of(caller.id()).wire());
      for (Conversation conv : conversations.list(caller, Conversations.View.MINE, null, 200)) {
        list.add(ChatWire.conversationForStaff(conv));
      }
    }
    welcome.add("conversations", list);
    c.sendFirst(c.format().encode(welcome.build()));
    if (!c.isOpen()) { // closed while being greeted: undo what closed() could not see
      connections.remove(c, tokenHash);
      if (c.participant() instanceof Participant.Staff s) {
        presence.disconnected(s.caller().id());
      }
      return;
    }
    if (c.participant() instanceof Participant.Staff s) {
      try {
        conversations.routeWaiting(s.caller());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Routing waiting conversations failed: {0}", e.toString());
      }
    }
  }

  void closed(Connection c, String tokenHash) {
    connections.remove(c, tokenHash);
    if (c.participant() instanceof Participant.Staff s) {
      presence.disconnected(s.caller().id());
      for (Long conversation : Set.copyOf(c.watching())) {
        viewers(conversation, c, false);
      }
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  /**
   * A frame arrived (on a WebSocket thread): limits are checked at once, the frame is handled on
   * the chat workers, in order per connection.
   */
  void received(Connection c, Object frame) {
    if (tooBig(frame)) {
      c.send(
          c.format()
              .encode(
                  error(
                      null,
                      "too_large",
                      "Frames are at most " + limits.maxFrameBytes() + " bytes.")));
      c.closeAfterSending(CloseReason.CloseCodes.TOO_BIG, "frame too large");
      return;
    }
    if (!c.rate().tryAcquire() || !limits.admitMessage(c.remoteAddress())) {
      refuse(c, frame);
      return;
    }
    if (!c.receive(frame, workers, f -> handle(c, f, null))) {
      // this connection's frames wait for the server (e.g. a slow database): shed with retry
      c.send(
          c.format()
              .encode(
                  retry(
                      idOf(c, frame),
                      "The server is behind; send this message again (same id) later.")));
    }
  }

  /** The client id of a frame not yet handled, if it has one. */
  private static String idOf(Connection c, Object frame) {
    try {
      return string(c.format().decode(frame), "id");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * A {@code retry} error: nothing was stored; the client sends the same message (same id) again
   * after {@code retryAfterMs}, with a little randomness so that clients do not return in step.
   */
  private static JsonObject retry(String id, String detail) {
    JsonObjectBuilder b =
        Jsons.object()
            .add("type", "error")
            .add("code", "retry")
            .add("detail", detail)
            .add(
                "retryAfterMs",
                1_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000));
    if (id != null) {
      b.add("id", id);
    }
    return b.build();
  }

  /** The time in which more than parley.chat.max-refusals refusals close a connection. */
  private static final long REFUSAL_WINDOW_NANOS =
      java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  /**
   * A frame over the rate budget is refused alone, naming its client id and when to retry; what was
   * within the budget is handled as usual. Only a client that keeps sending far past its budget (it
   * ignores the refusals) is closed.
   */
  private void refuse(Connection c, Object frame) {
    String id = idOf(c, frame); // without one (not an envelope), refused all the same
    long retryAfter = Math.max(c.rate().millisUntilNext(), 100);
    JsonObjectBuilder refusal =
        Jsons.object()
            .add("type", "error")
            .add("code", "rate_limited")
            .add("detail", "Too many messages; this one was not handled. Send it again later.")
            .add("retryAfterMs", retryAfter);
    if (id != null) {
      refusal.add("id", id);
    }
    c.send(c.format().encode(refusal.build()));
    if (c.rate().refused(REFUSAL_WINDOW_NANOS, limits.maxRefusals() + 1) > limits.maxRefusals()) {
      c.closeAfterSending(POLICY, "rate limit exceeded");
    }
  }

  /** Handles one frame of a connection (on a chat worker). */
  private void handle(Connection c, Object frame) {
    JsonObject m;
    try {
      m = c.format().decode(frame);
    } catch (RuntimeException e) {
      c.send(
          c.format()
              .encode(error(null, "invalid", "Not a protocol envelope: send a JSON object.")));
      return;
    }
    String id;
    try {
      id = string(m, "id");
    } catch (DomainException e) {
      c.send(c.format().encode(error(null, e)));
      return;
    }
    List<JsonShapes.Misfit> unstorable = JsonShapes.checkText(m);
    if (!unstorable.isEmpty()) {
      JsonShapes.Misfit first = unstorable.get(0);
      c.send(
          c.format()
              .encode(
                  error(
                      id,
                      new Invalid("The message holds text that cannot be stored")
                          .field(first.pointer().substring(1), first.detail()))));
      return;
    }
    try {
      int version = m.containsKey("v") ? m.getInt("v") : ChatWire.VERSION;
      if (version != ChatWire.VERSION) {
        throw new Invalid("This server speaks protocol version " + ChatWire.VERSION)
            .field("v", "must be 1");
      }
      String type = string(m, "type");
      if (type == null) {
        throw new Invalid("Every envelope has a type").field("type", "is required");
      }
      handle(c, type, id, m);
    } catch (DomainException e) {
      c.send(c.format().encode(error(id, e)));
    } catch (ClassCastException | NullPointerException | ArithmeticException e) {
      c.send(
          c.format().encode(error(id, "invalid", "A field has the wrong type: " + e.getMessage())));
    } catch (RuntimeException e) {
      if (Transient.is(e)) {
        // e.g. the database is away: nothing was stored, the same message may be sent again
        failures.record("handling chat messages (the database is unavailable)", e);
        c.send(
            c.format()
                .encode(
                    retry(id, "The server could not store this now; send it again (same id).")));
      } else {
        failures.record("handling a chat message", e);
        c.send(
            c.format().encode(error(id, "internal", "The server could not handle this message.")));
      }
    }
  }

  private void handle(Connection c, String type, String id, JsonObject m) {
    Participant who = c.participant();
    boolean staff = who instanceof Participant.Staff;
    switch (type) {
      case "ping" ->
          reply(c, Jsons.object().add("type", "pong").add("at", Instant.now().toString()));
      case "start" -> {
        Participant.Visitor v = visitorOnly(who, type);
        Conversations.Opened opened =
            conversations.start(v, id, object(m, "fields"), string(m, "text"));
        JsonObjectBuilder ack =
            Jsons.object()
                .add("type", "ack")
                .add("id", id)
                .add("conversation", ChatWire.conversation(opened.conversation()))
                .add("duplicate", opened.duplicate());
        if (!opened.messages().isEmpty()) {
          ack.add("seq", opened.messages().get(0).seq());
        }
        reply(c, ack);
        if (opened.duplicate()) {
          for (Message message : opened.messages()) {
            reply(c, ChatWire.visitorMessage(message));
          }
        }
      }
      case "send" -> {
        long conversation = number(m, "conversation");
        Conversations.Posted posted =
            conversations.post(
                conversation, who, id, string(m, "text"), staff && m.getBoolean("note", false));
        Message message = posted.message();
        reply(
            c,
            Jsons.object()
                .add("type", "ack")
                .add("id", id)
                .add("conversation", conversation)
                .add("seq", message.seq())
                .add("at", message.createdAt().toString())
                .add("duplicate", posted.duplicate()));
      }
      case "resume" -> {
        JsonObject wanted = object(m, "conversations");
        if (wanted == null) {
          throw new Invalid("resume lists conversations and the last seq seen")
              .field("conversations", "is required, e.g. {\"12\": 40}");
        }
        for (Map.Entry<String, JsonValue> entry : wanted.entrySet()) {
          long conversation;
          try {
            conversation = Long.parseLong(entry.getKey());
          } catch (NumberFormatException e) {
            throw new Invalid("Conversation ids are numbers")
                .field("conversations/" + entry.getKey(), "is not an id");
          }
          long after = ((JsonNumber) entry.getValue()).longValue();
          try {
            replay(c, conversation, after);
          } catch (NotFound e) {
            c.send(c.format().encode(error(id, e)));
          }
        }
      }
      case "watch" -> {
        Caller caller = staffOnly(who, type);
        long conversation = number(m, "conversation");
        conversations.visible(conversation, who);
        connections.watch(c, conversation);
        if (m.containsKey("after")) {
          replay(c, conversation, number(m, "after"));
        }
        viewers(conversation, c, true);
        ack(c, id, conversation);
        LOG.log(Level.FINEST, "{0} watches {1}", new Object[] {caller.id(), conversation});
      }
      case "unwatch" -> {
        staffOnly(who, type);
        long conversation = number(m, "conversation");
        connections.unwatch(c, conversation);
        viewers(conversation, c, false);
      }
      case "typing" -> {
        long conversation = number(m, "conversation");
        Conversation conv = conversations.visible(conversation, who);
        boolean on = m.getBoolean("on", true);
        JsonObjectBuilder typing =
            Jsons.object().add("type", "typing").add("conversation", conversation).add("on", on);
        if (who instanceof Participant.Staff s) {
          typing.add(
              "by", Jsons.object().add("agent", s.caller().id()).add("name", s.caller().name()));
        } else {
          typing.add("by", Jsons.object().add("visitor", conv.visitorId()));
        }
        JsonObject envelope = typing.build();
        feed.send(
            new ChatEvent(
                ChatEvent.Audience.CONVERSATION,
                conversation,
                conv.inboxId(),
                conv.visitorId(),
                conv.assigneeId(),
                Set.of(),
                envelope,
                staff ? envelope : null,
                c.id()));
      }
      case "read" -> conversations.markRead(number(m, "conversation"), who, number(m, "seq"));
      case "email" -> {
        Participant.Visitor v = visitorOnly(who, type);
        Conversation conv =
            conversations.leaveEmail(number(m, "conversation"), v, string(m, "email"));
        ack(c, id, ChatWire.conversation(conv));
      }
      case "rate" -> {
        Participant.Visitor v = visitorOnly(who, type);
        Conversation conv =
            conversations.rate(
                number(m, "conversation"), v, (int) number(m, "score"), string(m, "comment"));
        ack(c, id, ChatWire.conversation(conv));
      }
      case "handoff" -> {
        Participant.Visitor v = visitorOnly(who, type);
        Conversation conv =
            conversations.requestHuman(number(m, "conversation"), v, "asked_for_human");
        ack(c, id, ChatWire.conversation(conv));
      }
      case "feedback" -> {
        Participant.Visitor v = visitorOnly(who, type);
        long conversation = number(m, "conversation");
        conversations.visible(conversation, v);
        boolean helped = m.getBoolean("helped", false);
        Conversation conv =
            helped
                ? conversations.resolvedByBot(conversation)
                : conversations.requestHuman(conversation, v, "not_helped");
        ack(c, id, ChatWire.conversation(conv));
      }
      case "close" -> {
        Conversation conv = conversations.close(number(m, "conversation"), who);
        ack(c, id, ChatWire.conversation(conv));
      }
      case "claim" -> {
        Caller caller = staffOnly(who, type);
        Conversation conv = conversations.claim(number(m, "conversation"), caller);
        ack(c, id, ChatWire.conversationForStaff(conv));
      }
      case "presence" -> {
        Caller caller = staffOnly(who, type);
        Presence.Status status;
        try {
          status = Presence.Status.fromWire(String.valueOf(string(m, "status")));
        } catch (IllegalArgumentException e) {
          throw new Invalid("Unknown status").field("status", "must be online, away or offline");
        }
        presence.set(caller.id(), status);
        if (status == Presence.Status.ONLINE) {
          conversations.routeWaiting(caller);
        }
      }
      default ->
          throw new Invalid("Unknown message type '" + Texts.echo(type) + "'")
              .field("type", "see docs/chat-protocol.md for the message types");
    }
  }

  /** Sends what the client missed in a conversation: a gap signal first if history is gone. */
  private void replay(Connection c, long conversation, long after) {
    Conversations.Replay replay = conversations.replay(conversation, c.participant(), after);
    boolean visitor = !c.isStaff();
    if (replay.hasGap()) {
      reply(
          c,
          Jsons.object()
              .add("type", "gap")
              .add("conversation", conversation)
              .add("from", replay.gapFrom())
              .add("to", replay.gapTo())
              .add("reason", "history before seq " + (replay.gapTo() + 1) + " is not replayed"));
    }
    for (Message message : replay.messages()) {
      c.send(
          c.format()
              .encode(visitor ? ChatWire.visitorMessage(message) : ChatWire.message(message)));
    }
    reply(
        c,
        Jsons.object()
            .add("type", "synced")
            .add("conversation", ChatWire.conversation(replay.conversation())));
  }

  /** Tells the staff around a conversation who is looking at it (collision awareness). */
  private void viewers(long conversation, Connection c, boolean joined) {
    Caller caller = ((Participant.Staff) c.participant()).caller();
    JsonObject envelope =
        Jsons.object()
            .add("type", "viewer")
            .add("conversation", conversation)
            .add("agent", caller.id())
            .add("name", caller.name())
            .add("viewing", joined)
            .build();
    Conversation conv;
    try {
      conv = conversations.visible(conversation, c.participant());
    } catch (NotFound e) {
      return;
    }
    feed.send(
        new ChatEvent(
            ChatEvent.Audience.CONVERSATION,
            conversation,
            conv.inboxId(),
            conv.visitorId(),
            conv.assigneeId(),
            Set.of(),
            envelope,
            null,
            c.id()));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Whether a frame exceeds the limit (the container's buffer limit is not enforced everywhere).
   */
  private boolean tooBig(Object frame) {
    int max = limits.maxFrameBytes();
    if (frame instanceof byte[] bytes) {
      return bytes.length > max;
    }
    String text = (String) frame;
    return text.length() > max
        || (text.length() > max / 3
            && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max);
  }

  /** Acknowledges a client message that names a conversation (a number or its state). */
  private static void ack(Connection c, String id, Object conversation) {
    JsonObjectBuilder ack = Jsons.object().add("type", "ack").add("id", id == null ? "" : id);
    if (conversation instanceof JsonObject state) {
      ack.add("conversation", state);
    } else {
      ack.add("conversation", (Long) conversation);
    }
    reply(c, ack);
  }

  private static void reply(Connection c, JsonObjectBuilder envelope) {
    c.send(c.format().encode(envelope.build()));
  }

  private static void reply(Connection c, JsonObject envelope) {
    c.send(c.format().encode(envelope));
  }

  private static Participant.Visitor visitorOnly(Participant who, String type) {
    if (who instanceof Participant.Visitor v) {
      return v;
    }
    throw new Invalid("'" + type + "' is for visitors").field("type", "not for staff connections");
  }

  private static Caller staffOnly(Participant who, String type) {
    if (who instanceof Participant.Staff s) {
      return s.caller();
    }
    throw new Invalid("'" + type + "' is for staff").field("type", "not for visitor connections");
  }

  private static String string(JsonObject m, String name) {
    JsonValue value = m.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new Invalid("'" + name + "' must be a string").field(name, "must be a string");
  }

  private static long number(JsonObject m, String name) {
    JsonValue value = m.get(name);
    if (value instanceof JsonNumber n && n.isIntegral()) {
      return n.longValueExact();
    }
    throw new Invalid("'" + name + "' must be a whole number")
        .field(name, "is required, a whole number");
  }

  private static JsonObject object(JsonObject m, String name) {
    JsonValue value = m.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    throw new Invalid("'" + name + "' must be an object").field(name, "must be an object");
  }

  static JsonObject error(String id, DomainException e) {
    String code =
        e instanceof NotFound ? "not_found" : e instanceof Conflict ? "conflict" : "invalid";
    JsonObjectBuilder b =
        Jsons.object().add("type", "error").add("code", code).add("detail", e.getMessage());
    if (id != null) {
      b.add("id", id);
    }
    if (!e.fields().isEmpty()) {
      JsonObjectBuilder fields = Jsons.object();
      e.fields().forEach(fields::add);
      b.add("fields", fields);
    }
    return b.build();
  }

  static JsonObject error(String id, String code, String detail) {
    JsonObjectBuilder b =
        Jsons.object().add("type", "error").add("code", code).add("detail", detail);
    if (id != null) {
      b.add("id", id);
    }
    return b.build();
  }
}
