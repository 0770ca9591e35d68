package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Parley's chat load generator (see bench/README.md).
 *
 * <pre>
 * idle        --url U --widget-key K --origin O --connections N [--connect-rate R] [--hold-seconds S]
 * throughput  --target parley|relay --url U [--widget-key K --origin O --staff-token T]
 *             --pairs P --rates 500,1000,2000 [--step-seconds 20] [--protocol parley.v1]
 * </pre>
 *
 * <p>Throughput is open loop: messages are due at a fixed rate whatever the server does, and the
 * delivery latency of each is measured from when it was due (not when it was sent), so a stalling
 * server cannot hide its stalls (no coordinated omission). Each pair is a visitor socket that sends
 * and a staff socket that receives (for Parley, a staff connection watching the conversation; for
 * the relay, the paired socket), in the same process, so both ends share one clock.
 */
public final class ChatLoad {

  private static final Pattern TOKEN = Pattern.compile("\"visitorToken\":\"([^\"]+)\"");
  private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversation\":\\{\"id\":(\\d+)");
  private static final Pattern BENCH_TEXT = Pattern.compile("bench (\\d+) ");
  private static final Pattern ACK_ID = Pattern.compile("\"type\":\"ack\",\"id\":\"([^\"]+)\"");
  private static final String FILLER =
      "Hello, I ordered the Nib 3 fountain pen last week and the ink leaks from the cap. What can I do?";

  private final Map<String, String> options;
  private final List<HttpClient> clients = new ArrayList<>();
  private final ExecutorService callbacks =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "callbacks");
            t.setDaemon(true);
            return t;
          });
  private int nextClient;

  private ChatLoad(Map<String, String> options) {
    this.options = options;
    for (int i = 0; i < 4; i++) {
      clients.add(
          HttpClient.newBuilder()
              .executor(callbacks)
              .connectTimeout(Duration.ofSeconds(30))
              .build());
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: ChatLoad idle|throughput --option value ...");
      System.exit(2);
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    ChatLoad load = new ChatLoad(options);
    try {
      switch (args[0]) {
        case "idle" -> load.idle();
        case "throughput" -> load.throughput();
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    } catch (Exception e) {
      System.out.println("FAILED " + e);
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private String option(String name, String fallback) {
    String value = options.getOrDefault(name, fallback);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(option(name, Integer.toString(fallback)));
  }

  private HttpClient client() {
    return clients.get(nextClient++ % clients.size());
  }

  // ---- idle ------------------------------------------------------------------------------------

  /** Opens authenticated visitor connections, keeps them open with heartbeats, reports. */
  private void idle() throws Exception {
    int connections = number("connections", 1000);
    int rate = number("connect-rate", 400);
    int hold = number("hold-seconds", 3600);
    String url = option("url", null);
    List<Socket> sockets = new ArrayList<>();
    AtomicInteger failures = new AtomicInteger();
    Semaphore inFlight = new Semaphore(200);
    long start = System.nanoTime();
    // live clients ping every 20 s from the moment they connect (the server closes idle ones)
    Thread heartbeat =
        new Thread(
            () -> {
              while (true) {
                try {
                  Thread.sleep(20_000);
                } catch (InterruptedException e) {
                  return;
                }
                List<Socket> snapshot;
                synchronized (sockets) {
                  snapshot = new ArrayList<>(sockets);
                }
                for (Socket socket : snapshot) {
                  if (socket.ws != null && !socket.closed.get()) {
                    socket.send("{\"type\":\"ping\"}");
                  }
                }
                long open = snapshot.stream().filter(s -> s.ws != null && !s.closed.get()).count();
                System.out.printf(Locale.ROOT, "OPEN %d%n", open);
                System.out.flush();
              }
            },
            "heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
    for (int i = 0; i < connections; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      Socket socket = new Socket(null);
      try {
        String token = widgetSession(url);
        connect(url + "/ws/v1/visitor", socket, "token." + token)
            .whenComplete((ws, e) -> {
              if (e != null) {
                failures.incrementAndGet();
              }
              inFlight.release();
            });
        synchronized (sockets) {
          sockets.add(socket);
        }
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        inFlight.release();
      }
    }
    inFlight.acquire(200);
    int welcomed = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Socket socket : sockets) { // one deadline for all: failed sockets never get a welcome
      if (socket.welcome.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        welcomed++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "READY connections=%d welcomed=%d failures=%d seconds=%.1f%n",
        connections,
        welcomed,
        failures.get(),
        (System.nanoTime() - start) / 1e9);
    System.out.flush();
    Thread.sleep(TimeUnit.SECONDS.toMillis(hold));
  }

  private String widgetSession(String url) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/v1/widget/sessions"))
            .header("Content-Type", "application/json")
            .header("Origin", option("origin", null))
            .POST(HttpRequest.BodyPublishers.ofString("{\"widgetKey\":\"" + option("widget-key", null) + "\"}"))
            .build();
    try {
      HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
      Matcher m = TOKEN.matcher(response.body());
      if (response.statusCode() != 201 || !m.find()) {
        throw new IOException("widget session: " + response.statusCode() + " " + response.body());
      }
      return m.group(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private CompletableFuture<WebSocket> connect(String url, Socket socket, String credential) {
    WebSocket.Builder builder =
        client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60));
    String protocol = option("protocol", "parley.v1");
    if (credential != null) {
      builder.subprotocols(protocol, credential);
    }
    if (options.containsKey("origin")) {
      builder.header("Origin", options.get("origin"));
    }
    return builder
        .buildAsync(URI.create(url.replaceFirst("^http", "ws")), socket)
        .thenApply(
            ws -> {
              socket.ws = ws;
              return ws;
            });
  }

  // ---- throughput ------------------------------------------------------------------------------

  private void throughput() throws Exception {
    String target = option("target", "parley");
    String url = option("url", null);
    int pairs = number("pairs", 100);
    int stepSeconds = number("step-seconds", 20);
    List<Integer> rates = new ArrayList<>();
    for (String r : option("rates", "500,1000").split(",")) {
      rates.add(Integer.parseInt(r.trim()));
    }
    Recorder delivery = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    Recorder acks = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong delivered = new AtomicLong();
    AtomicLong acked = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Map<String, Long> due = new ConcurrentHashMap<>();

    List<Socket> visitors = new ArrayList<>();
    List<Long> conversations = new ArrayList<>();
    long setup = System.nanoTime();
    for (int i = 0; i < pairs; i++) {
      Socket visitor =
          new Socket(
              text -> {
                if (text.contains("\"type\":\"ack\"")) {
                  Matcher m = ACK_ID.matcher(text);
                  if (m.find()) {
                    Long when = due.remove(m.group(1));
                    if (when != null) {
                      acks.recordValue(Math.max(0, System.nanoTime() - when));
                      acked.incrementAndGet();
                    }
                  }
                } else if (text.contains("\"type\":\"error\"")) {
                  errors.incrementAndGet();
                }
              });
      visitors.add(visitor);
    }
    Semaphore inFlight = new Semaphore(100);
    for (int i = 0; i < pairs; i++) {
      Socket visitor = visitors.get(i);
      inFlight.acquire();
      CompletableFuture<WebSocket> opened =
          target.equals("parley")
              ? connect(url + "/ws/v1/visitor", visitor, "token." + widgetSession(url))
              : connect(url + "/?pair=" + i + "&role=visitor", visitor, null);
      opened.whenComplete((ws, e) -> inFlight.release()).get(60, TimeUnit.SECONDS);
    }
    inFlight.acquire(100);
    inFlight.release(100);
    for (int i = 0; i < pairs; i++) {
      Socket visitor = visitors.get(i);
      if (target.equals("parley")) {
        if (!visitor.welcome.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no welcome for visitor " + i);
        }
        String id = UUID.randomUUID().toString();
        CountDownLatch started = new CountDownLatch(1);
        long[] conversation = new long[1];
        visitor.onceContaining(
            "\"type\":\"ack\",\"id\":\"" + id + "\"",
            text -> {
              Matcher m = CONVERSATION_ID.matcher(text);
              if (m.find()) {
                conversation[0] = Long.parseLong(m.group(1));
              }
              started.countDown();
            });
        visitor.send("{\"type\":\"start\",\"id\":\"" + id + "\",\"text\":\"hello\"}");
        if (!started.await(30, TimeUnit.SECONDS) || conversation[0] == 0) {
          throw new IllegalStateException("visitor " + i + " could not start a conversation");
        }
        conversations.add(conversation[0]);
      } else {
        conversations.add((long) i);
      }
    }
    List<Socket> staff = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      Socket agent =
          new Socket(
              text -> {
                if (text.contains("\"type\":\"message\"")) {
                  Matcher m = BENCH_TEXT.matcher(text);
                  if (m.find()) {
                    delivery.recordValue(Math.max(0, System.nanoTime() - Long.parseLong(m.group(1))));
                    delivered.incrementAndGet();
                  }
                }
              });
      staff.add(agent);
      inFlight.acquire();
      CompletableFuture<WebSocket> opened =
          target.equals("parley")
              ? connect(url + "/ws/v1/staff", agent, "bearer." + option("staff-token", null))
              : connect(url + "/?pair=" + i + "&role=agent", agent, null);
      opened.whenComplete((ws, e) -> inFlight.release()).get(60, TimeUnit.SECONDS);
    }
    inFlight.acquire(100);
    for (int i = 0; i < pairs; i++) {
      if (target.equals("parley")) {
        Socket agent = staff.get(i);
        agent.welcome.await(30, TimeUnit.SECONDS);
        CountDownLatch watching = new CountDownLatch(1);
        agent.onceContaining("\"type\":\"ack\",\"id\":\"w" + i + "\"", t -> watching.countDown());
        agent.send("{\"type\":\"watch\",\"id\":\"w" + i + "\",\"conversation\":" + conversations.get(i) + "}");
        if (!watching.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("staff " + i + " could not watch");
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "SETUP target=%s pairs=%d connections=%d seconds=%.1f%n",
        target,
        pairs,
        pairs * 2,
        (System.nanoTime() - setup) / 1e9);
    System.out.println("| target | offered msgs/s | sent msgs/s | delivered msgs/s | p50 ms | p99 ms | p99.9 ms | max ms | ack p99 ms | errors |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    System.out.flush();

    for (int rate : rates) {
      delivery.reset();
      acks.reset();
      delivered.set(0);
      acked.set(0);
      errors.set(0);
      long interval = (long) (1e9 / rate);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(stepSeconds);
      long next = start;
      long sent = 0;
      int turn = 0;
      while (next < end) {
        long now = System.nanoTime();
        if (now < next) {
          LockSupport.parkNanos(Math.min(next - now, 200_000));
          continue;
        }
        Socket visitor = visitors.get(turn);
        long conversation = conversations.get(turn);
        turn = (turn + 1) % visitors.size();
        String id = Long.toString(next, 36) + "-" + turn;
        due.put(id, next);
        visitor.send(
            "{\"type\":\"send\",\"id\":\""
                + id
                + "\",\"conversation\":"
                + conversation
                + ",\"text\":\"bench "
                + next
                + " "
                + FILLER
                + "\"}");
        sent++;
        next += interval;
      }
      double sentSeconds = (System.nanoTime() - start) / 1e9;
      // let the step's messages arrive (they are due within the step; late ones count as late)
      long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (delivered.get() < sent && System.nanoTime() < drainUntil) {
        Thread.sleep(50);
      }
      Histogram d = delivery.getIntervalHistogram();
      Histogram a = acks.getIntervalHistogram();
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
          target,
          rate,
          sent / sentSeconds,
          delivered.get() / (double) stepSeconds,
          d.getValueAtPercentile(50) / 1e6,
          d.getValueAtPercentile(99) / 1e6,
          d.getValueAtPercentile(99.9) / 1e6,
          d.getMaxValue() / 1e6,
          a.getTotalCount() == 0 ? Double.NaN : a.getValueAtPercentile(99) / 1e6,
          errors.get() + (sent - delivered.get()));
      System.out.flush();
      due.clear();
      Thread.sleep(2_000);
    }
  }

  // ---- a socket --------------------------------------------------------------------------------

  /** A WebSocket with one send in flight at a time (the JDK client's rule) and a text handler. */
  static final class Socket implements WebSocket.Listener {
    volatile WebSocket ws;
    final CountDownLatch welcome = new CountDownLatch(1);
    final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.function.Consumer<String> handler;
    private final Queue<String> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final StringBuilder partial = new StringBuilder();
    private final Map<String, java.util.function.Consumer<String>> once = new ConcurrentHashMap<>();

    Socket(java.util.function.Consumer<String> handler) {
      this.handler = handler;
    }

    void onceContaining(String marker, java.util.function.Consumer<String> action) {
      once.put(marker, action);
    }

    void send(String text) {
      outgoing.add(text);
      pump();
    }

    private void pump() {
      while (!outgoing.isEmpty() && ws != null && sending.compareAndSet(false, true)) {
        String text = outgoing.poll();
        if (text == null) {
          sending.set(false);
          continue;
        }
        ws.sendText(text, true)
            .whenComplete(
                (w, e) -> {
                  sending.set(false);
                  if (e != null) {
                    closed.set(true);
                    outgoing.clear();
                  } else {
                    pump();
                  }
                });
        return;
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      webSocket.request(1);
      pump();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (text.startsWith("{\"type\":\"welcome\"")) {
          welcome.countDown();
        }
        if (!once.isEmpty()) {
          for (Map.Entry<String, java.util.function.Consumer<String>> entry : once.entrySet()) {
            if (text.contains(entry.getKey()) && once.remove(entry.getKey()) != null) {
              entry.getValue().accept(text);
            }
          }
        }
        if (handler != null) {
          handler.accept(text);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.set(true);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.set(true);
    }
  }
}
