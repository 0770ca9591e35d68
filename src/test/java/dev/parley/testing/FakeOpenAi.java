package dev.parley.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking OpenAI's chat-completions protocol ({@code POST
 * /v1/chat/completions}, plain JSON or server-sent event chunks when the request asks to stream),
 * run by the test JVM for the whole test session ({@link TestSession}) at {@code
 * parley.it.llm.port}, where the IT server's {@code PARLEY_LLM_BASE_URL} points.
 *
 * <p>By default it behaves like a well-behaved model: it answers with one suggestion per asked
 * count citing the first passage id it was shown, or no suggestion when shown no passage. A test
 * scripts other behaviour for requests containing a marker of its own (a unique word in the
 * visitor's message): a fixed answer, an HTTP status a number of times, or a delay.
 */
public final class FakeOpenAi {

  /** What to do with a request whose body contains a marker. */
  public record Script(String content, int status, int times, long delayMs, long pieceDelayMs) {
    public static Script answer(String content) {
      return new Script(content, 200, 0, 0, 0);
    }

    /** Answers as a slow stream: {@code pieceDelayMs} between the pieces (when asked to stream). */
    public static Script streamed(String content, long pieceDelayMs) {
      return new Script(content, 200, 0, 0, pieceDelayMs);
    }

    /** Fails {@code times} requests with {@code status}, then answers by default. */
    public static Script fail(int status, int times) {
      return new Script(null, status, times, 0, 0);
    }

    public static Script slow(long delayMs) {
      return new Script(null, 200, 0, delayMs, 0);
    }
  }

  /** A request as received. */
  public record Request(JsonObject body, boolean stream, String system, String user) {}

  private static final Pattern PASSAGE = Pattern.compile("<passage id=\"(S\\d+)\"");
  private static final Map<String, Script> SCRIPTS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
  private static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
  private static HttpServer server;

  private FakeOpenAi() {}

  public static synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    int port = Integer.parseInt(System.getProperty("parley.it.llm.port", "19099"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/chat/completions", FakeOpenAi::handle);
    server.start();
  }

  public static synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  public static void script(String marker, Script script) {
    SCRIPTS.put(marker, script);
    FAILURES.put(marker, new AtomicInteger(script.times()));
  }

  /** The requests whose user message contains the marker, oldest first. */
  public static List<Request> requests(String marker) {
    return REQUESTS.stream().filter(r -> r.user().contains(marker)).toList();
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonObject body =
          Json.createReader(
                  new StringReader(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))
              .readObject();
      String system = "";
      String user = "";
      for (var m : body.getJsonArray("messages")) {
        JsonObject message = m.asJsonObject();
        String content =
            message.get("content").getValueType() == jakarta.json.JsonValue.ValueType.STRING
                ? message.getString("content")
                : message.get("content").toString();
        if (message.getString("role").equals("system")) {
          system = content;
        } else if (message.getString("role").equals("user")) {
          user = content;
        }
      }
      boolean stream = body.getBoolean("stream", false);
      REQUESTS.add(new Request(body, stream, system, user));
      Script script = null;
      String marker = null;
      // scripts match the conversation's words only: retrieved passages may quote other tests
      int from = user.indexOf("<transcript>");
      String transcript = from < 0 ? user : user.substring(from);
      for (Map.Entry<String, Script> s : SCRIPTS.entrySet()) {
        if (transcript.contains(s.getKey())) {
          script = s.getValue();
          marker = s.getKey();
        }
      }
      if (script != null && script.delayMs() > 0) {
        Thread.sleep(script.delayMs());
      }
      if (script != null && script.status() != 200 && FAILURES.get(marker).getAndDecrement() > 0) {
        byte[] error =
            ("{\"error\":{\"message\":\"scripted " + script.status() + "\",\"type\":\"test\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(script.status(), error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      String content =
          script != null && script.content() != null ? script.content() : defaultAnswer(user);
      if (stream) {
        streamAnswer(exchange, user, content, script == null ? 0 : script.pieceDelayMs());
      } else {
        JsonObject response =
            Json.createObjectBuilder()
                .add("id", "chatcmpl-test")
                .add("object", "chat.completion")
                .add("created", System.currentTimeMillis() / 1000)
                .add("model", "parley-test-model")
                .add(
                    "choices",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("index", 0)
                                .add(
                                    "message",
                                    Json.createObjectBuilder()
                                        .add("role", "assistant")
                                        .add("content", content))
                                .add("finish_reason", "stop")))
                .add("usage", usage(user, content))
                .build();
        byte[] bytes = response.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private static jakarta.json.JsonObjectBuilder usage(String user, String content) {
    int prompt = user.length() / 4;
    int completion = content.length() / 4;
    return Json.createObjectBuilder()
        .add("prompt_tokens", prompt)
        .add("completion_tokens", completion)
        .add("total_tokens", prompt + completion);
  }

  private static void streamAnswer(
      HttpExchange exchange, String user, String content, long pieceDelayMs)
      throws IOException, InterruptedException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    int step = Math.max(1, content.length() / 4);
    for (int i = 0; i < content.length(); i += step) {
      String piece = content.substring(i, Math.min(content.length(), i + step));
      chunk(out, Json.createObjectBuilder().add("content", piece), null, null);
      if (pieceDelayMs > 0) {
        out.flush();
        Thread.sleep(pieceDelayMs);
      }
    }
    chunk(out, Json.createObjectBuilder(), "stop", usage(user, content));
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void chunk(
      OutputStream out,
      jakarta.json.JsonObjectBuilder delta,
      String finish,
      jakarta.json.JsonObjectBuilder usage)
      throws IOException {
    var choice = Json.createObjectBuilder().add("index", 0).add("delta", delta);
    if (finish != null) {
      choice.add("finish_reason", finish);
    }
    var chunk =
        Json.createObjectBuilder()
            .add("id", "chatcmpl-test")
            .add("object", "chat.completion.chunk")
            .add("created", System.currentTimeMillis() / 1000)
            .add("model", "parley-test-model")
            .add("choices", Json.createArrayBuilder().add(choice));
    if (usage != null) {
      chunk.add("usage", usage);
    }
    out.write(("data: " + chunk.build() + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String defaultAnswer(String user) {
    Matcher m = PASSAGE.matcher(user);
    if (!m.find()) {
      return "{\"suggestions\":[]}";
    }
    String id = m.group(1);
    return "{\"suggestions\":[{\"text\":\"According to our help center, here is the answer ["
        + id
        + "].\",\"citations\":[\""
        + id
        + "\"]}]}";
  }
}
