package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the chat protocol for tests: it queues every envelope it receives (and
 * {@code {"type":"closed","code":…}} when the server closes), and waits for the ones a test
 * expects, skipping unrelated traffic such as other agents' presence.
 */
public final class ChatClient implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final List<JsonObject> unread = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;
  private java.util.function.Function<JsonObject, byte[]> encoder;
  private java.util.function.Function<byte[], JsonObject> decoder;
  private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

  /** Speaks a binary subprotocol with the given codec instead of JSON text. */
  public ChatClient binary(
      java.util.function.Function<JsonObject, byte[]> encoder,
      java.util.function.Function<byte[], JsonObject> decoder) {
    this.encoder = encoder;
    this.decoder = decoder;
    return this;
  }

  /** Connects a staff user with their session token. */
  public static ChatClient staff(String baseUrl, String sessionToken) throws Exception {
    return connect(baseUrl + "/ws/v1/staff", null, "parley.v1", "bearer." + sessionToken);
  }

  /** Connects a visitor with their visitor token from the given page origin. */
  public static ChatClient visitor(String baseUrl, String visitorToken, String origin)
      throws Exception {
    return connect(baseUrl + "/ws/v1/visitor", origin, "parley.v1", "token." + visitorToken);
  }

  public static ChatClient connect(String url, String origin, String protocol, String... more)
      throws Exception {
    return connect(new ChatClient(), url, origin, protocol, more);
  }

  /** Connects a prepared client (e.g. one with a binary codec). */
  public static ChatClient connect(
      ChatClient client, String url, String origin, String protocol, String... more)
      throws Exception {
    WebSocket.Builder builder =
        HTTP.newWebSocketBuilder()
            .subprotocols(protocol, more)
            // each client its own address (the test servers trust X-Forwarded-For), so per-address
            // limits do not couple independent tests
            .header(
                "X-Forwarded-For",
                "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket =
        builder
            .buildAsync(URI.create(url.replaceFirst("^http", "ws")), client)
            .get(10, TimeUnit.SECONDS);
    return client;
  }

  public WebSocket socket() {
    return socket;
  }

  public void send(JsonObject envelope) {
    if (encoder != null) {
      socket.sendBinary(ByteBuffer.wrap(encoder.apply(envelope)), true).join();
    } else {
      socket.sendText(envelope.toString(), true).join();
    }
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** The next envelope of this type (others are kept in {@link #seen()}); fails after 10 s. */
  public JsonObject next(String type) throws InterruptedException {
    return next(e -> type.equals(e.getString("type", "")), type);
  }

  /**
   * The first envelope, in arrival order, that matches and that no earlier call took: envelopes a
   * call skips stay available to later calls, so the order of events and acks (which the protocol
   * does not fix) does not matter to a test.
   */
  public JsonObject next(Predicate<JsonObject> wanted, String what) throws InterruptedException {
    for (var it = unread.iterator(); it.hasNext(); ) {
      JsonObject envelope = it.next();
      if (wanted.test(envelope)) {
        it.remove();
        return envelope;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject envelope = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
      if (envelope == null) {
        throw new AssertionError("no " + what + " within 10 s; received " + seen);
      }
      seen.add(envelope);
      if (wanted.test(envelope)) {
        return envelope;
      }
      unread.add(envelope);
      if ("closed".equals(envelope.getString("type", "")) && !what.equals("closed")) {
        throw new AssertionError("closed while waiting for " + what + ": " + envelope);
      }
    }
  }

  /** The next message envelope of a conversation. */
  public JsonObject nextMessage(long conversation) throws InterruptedException {
    return next(
        e ->
            "message".equals(e.getString("type", ""))
                && e.getJsonNumber("conversation").longValue() == conversation,
        "a message of conversation " + conversation);
  }

  /** Waits for the server to close the connection and returns the close code. */
  public int awaitClose() throws InterruptedException {
    return next("closed").getInt("code");
  }

  /** Asserts nothing of this type arrives within the given time. */
  public void assertNone(String type, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      JsonObject envelope = received.poll(left, TimeUnit.NANOSECONDS);
      if (envelope == null) {
        return;
      }
      seen.add(envelope);
      if (type.equals(envelope.getString("type", ""))) {
        throw new AssertionError("unexpected " + type + ": " + envelope);
      }
    }
  }

  public List<JsonObject> seen() {
    return seen;
  }

  /** Everything received so far, including what no call has looked at yet (it stays unread). */
  public List<JsonObject> received() {
    JsonObject envelope;
    while ((envelope = received.poll()) != null) {
      seen.add(envelope);
      unread.add(envelope);
    }
    return List.copyOf(seen);
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(Json.createReader(new StringReader(partial.toString())).readObject());
      partial.setLength(0);
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    partialBinary.writeBytes(chunk);
    if (last) {
      byte[] frame = partialBinary.toByteArray();
      partialBinary.reset();
      received.add(
          decoder != null
              ? decoder.apply(frame)
              : Json.createObjectBuilder()
                  .add("type", "binary")
                  .add("bytes", frame.length)
                  .build());
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
    received.add(
        Json.createObjectBuilder()
            .add("type", "closed")
            .add("code", status)
            .add("reason", reason)
            .build());
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    received.add(
        Json.createObjectBuilder()
            .add("type", "closed")
            .add("code", -1)
            .add("reason", String.valueOf(error))
            .build());
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }
}
