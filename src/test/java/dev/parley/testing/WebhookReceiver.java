package dev.parley.testing;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver for tests, on loopback (which the test server's allow-list lets through): it
 * records every request and answers as scripted — a queue of answers (status, Retry-After), then
 * 204. {@link #verify} checks signatures with the Standard Webhooks reference library (npm, run by
 * Node), as a real receiver would.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** A request as received. */
  public record Received(Map<String, String> headers, String body, long atNanos) {
    public String id() {
      return headers.get("webhook-id");
    }

    public JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }
  }

  /** An answer to give: a status and, optionally, Retry-After seconds. */
  public record Answer(int status, Integer retryAfter) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile long delayMillis;

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new ConcurrentHashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(new Received(headers, body, System.nanoTime()));
          if (delayMillis > 0) {
            try {
              Thread.sleep(delayMillis); // a slow receiver: it takes this long to answer
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          Answer a = script.poll();
          if (a == null) {
            a = new Answer(204, null);
          }
          if (a.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(a.retryAfter()));
          }
          byte[] reply = ("answered " + a.status()).getBytes(StandardCharsets.UTF_8);
          if (a.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
          } else {
            exchange.sendResponseHeaders(a.status(), reply.length);
            exchange.getResponseBody().write(reply);
          }
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/parley";
  }

  /** The next requests are answered so, in order; then 204 again. */
  public WebhookReceiver answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** Answers each request only after this long (a slow endpoint). */
  public WebhookReceiver slow(java.time.Duration delay) {
    delayMillis = delay.toMillis();
    return this;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Verifies every message with the reference library under a secret: each error, or null. */
  public static List<String> verify(String secret, List<Received> messages) throws Exception {
    String modules = System.getenv("PARLEY_TEST_STANDARDWEBHOOKS");
    Path dir =
        modules != null && !modules.isBlank()
            ? Path.of(modules)
            : Path.of(".cache/standardwebhooks-1.1.1/node_modules");
    if (!Files.isDirectory(dir.resolve("standardwebhooks"))) {
      throw new IllegalStateException(
          dir
              + " has no standardwebhooks: the test command (scripts/test) installs it; or set"
              + " PARLEY_TEST_STANDARDWEBHOOKS");
    }
    Path script = Files.createTempFile("verify", ".cjs");
    try (var in = WebhookReceiver.class.getResourceAsStream("/webhooks/verify.cjs")) {
      Files.write(script, in.readAllBytes());
    }
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Received r : messages) {
      array.add(
          Json.createObjectBuilder()
              .add(
                  "headers",
                  Json.createObjectBuilder()
                      .add("webhook-id", r.headers().get("webhook-id"))
                      .add("webhook-timestamp", r.headers().get("webhook-timestamp"))
                      .add("webhook-signature", r.headers().get("webhook-signature")))
              .add("body", r.body()));
    }
    ProcessBuilder pb = new ProcessBuilder("node", script.toString());
    pb.environment().put("NODE_PATH", dir.toAbsolutePath().toString());
    pb.redirectErrorStream(false);
    Process p = pb.start();
    p.getOutputStream()
        .write(
            Json.createObjectBuilder()
                .add("secret", secret)
                .add("messages", array)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("node failed: " + err);
    }
    Files.deleteIfExists(script);
    JsonArray results =
        Json.createReader(new StringReader(out)).readObject().getJsonArray("results");
    List<String> errors = new ArrayList<>();
    for (JsonObject r : results.getValuesAs(JsonObject.class)) {
      errors.add(r.getBoolean("ok") ? null : r.getString("error"));
    }
    return errors;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
