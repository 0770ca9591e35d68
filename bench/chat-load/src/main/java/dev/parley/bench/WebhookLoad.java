package dev.parley.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The webhook benchmark (bench/run-webhooks): events written straight into Parley's outbox (as a
 * busy helpdesk's transactions would), relayed into the event stream and delivered, signed, to a
 * fast receiver in this process. Measures, in one run:
 *
 * <ol>
 *   <li>the baseline: a bare HTTP POST loop from this process to the same receiver (the fixed cost
 *       of a POST on this machine, one connection at a time);
 *   <li>relay throughput: a burst of events committed at once, until every one has its position;
 *   <li>delivery throughput: a burst of events to one endpoint, until the receiver has them all;
 *   <li>latency: events committed at a steady rate, from commit (the event's timestamp) to arrival
 *       at the receiver (HdrHistogram).
 * </ol>
 *
 * Options: --url, --token (an admin's), --jdbc, --db-user, --db-password, --relay-events (50000),
 * --deliveries (20000), --rate (500), --seconds (20), --baseline (20000). Prints Markdown.
 */
public final class WebhookLoad {

  private static final Pattern ID = Pattern.compile("\"id\":\"(evt_[0-9]+)\"");
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

  private final Map<String, String> o;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong received = new AtomicLong();
  private final Histogram latency = new Histogram(60_000_000L, 3);
  private volatile boolean measuring;
  private HttpServer receiver;

  private WebhookLoad(Map<String, String> options) {
    this.o = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new WebhookLoad(options).run();
  }

  private int option(String name, int fallback) {
    return Integer.parseInt(o.getOrDefault(name, Integer.toString(fallback)));
  }

  private void run() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    receiver.setExecutor(Executors.newFixedThreadPool(16));
    receiver.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          long now = System.currentTimeMillis();
          Matcher id = ID.matcher(body);
          if (id.find() && seen.add(id.group(1))) {
            received.incrementAndGet();
            Matcher ts = TIMESTAMP.matcher(body);
            if (measuring && ts.find()) {
              long at = Instant.parse(ts.group(1)).toEpochMilli();
              latency.recordValue(Math.max(0, now - at) * 1000);
            }
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

    StringBuilder out = new StringBuilder();
    out.append(baseline(hook));
    try (Connection db =
        DriverManager.getConnection(o.get("jdbc"), o.get("db-user"), o.get("db-password"))) {
      out.append(relay(db));
      String endpoint = createEndpoint(hook);
      out.append(deliveries(db));
      out.append(steady(db));
      api("DELETE", "/api/v1/webhooks/" + endpoint, null);
    }
    receiver.stop(0);
    System.out.println(out);
    System.exit(0);
  }

  /** The fixed cost of a POST: this process posting to its own receiver, one at a time. */
  private String baseline(String hook) throws Exception {
    int n = option("baseline", 20_000);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Histogram h = new Histogram(60_000_000L, 3);
    long begin = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String body = "{\"id\":\"evt_b" + i + "\",\"type\":\"bench.baseline\"}";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(hook))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .header("Content-Type", "application/json")
              .build();
      long t = System.nanoTime();
      try {
        client.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (java.io.IOException closed) {
        // the JDK's server may close a kept-alive connection as the next request goes out; the
        // sender then connects again (as Parley's pool does), and the time counts
        client.send(request, HttpResponse.BodyHandlers.discarding());
      }
      h.recordValue((System.nanoTime() - t) / 1000);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    return String.format(
        Locale.ROOT,
        "| baseline: bare POST loop, one connection | %d | %.0f /s | p50 %.2f ms, p99 %.2f ms |%n",
        n,
        n / seconds,
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0);
  }

  private static final String INSERT =
      "INSERT INTO outbox_event (id, event_type, aggregate_type, aggregate_id, payload,"
          + " occurred_at) VALUES (nextval('outbox_event_seq'), 'bench.event', 'bench', ?, ?,"
          + " now())";

  private void insert(Connection db, int count) throws Exception {
    db.setAutoCommit(false);
    try (PreparedStatement ps = db.prepareStatement(INSERT)) {
      for (int i = 0; i < count; i++) {
        ps.setString(1, Integer.toString(i));
        ps.setString(2, "{\"n\":" + i + ",\"text\":\"a small event of a benchmark\"}");
        ps.addBatch();
        if (i % 1000 == 999) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
    db.commit();
    db.setAutoCommit(true);
  }

  private static long unrelayed(Connection db) throws Exception {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_event WHERE position IS NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A burst committed at once, until every event has its position. */
  private String relay(Connection db) throws Exception {
    int n = option("relay-events", 50_000);
    insert(db, n);
    long begin = System.nanoTime();
    while (unrelayed(db) > 0) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    return String.format(
        Locale.ROOT,
        "| relay: %d events committed at once, positioned and published | %d | %.0f /s | %.1f s |%n",
        n,
        n,
        n / seconds,
        seconds);
  }

  private String createEndpoint(String hook) throws Exception {
    String created =
        api(
            "POST",
            "/api/v1/webhooks",
            "{\"url\":\"" + hook + "\",\"eventTypes\":[\"bench.*\"],\"description\":\"bench\"}");
    Matcher m = Pattern.compile("\"id\":([0-9]+)").matcher(created);
    if (!m.find()) {
      throw new IllegalStateException("no webhook: " + created);
    }
    return m.group(1);
  }

  /** A burst to one endpoint, until the receiver has every event. */
  private String deliveries(Connection db) throws Exception {
    int n = option("deliveries", 20_000);
    long before = received.get();
    insert(db, n);
    long begin = System.nanoTime();
    long deadline = begin + TimeUnit.MINUTES.toNanos(10);
    while (received.get() - before < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    long got = received.get() - before;
    return String.format(
        Locale.ROOT,
        "| deliveries: %d events to one endpoint, signed and POSTed, in order | %d | %.0f /s | %.1f s |%n",
        n,
        got,
        got / seconds,
        seconds);
  }

  /** Events committed one by one at a steady rate: commit to arrival. */
  private String steady(Connection db) throws Exception {
    int rate = option("rate", 500);
    int seconds = option("seconds", 20);
    long total = (long) rate * seconds;
    long before = received.get();
    latency.reset();
    measuring = true;
    db.setAutoCommit(true);
    long begin = System.nanoTime();
    try (PreparedStatement ps = db.prepareStatement(INSERT)) {
      for (long i = 0; i < total; i++) {
        long due = begin + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        ps.setString(1, Long.toString(i));
        ps.setString(2, "{\"n\":" + i + "}");
        ps.executeUpdate();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.get() - before < total && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    measuring = false;
    return String.format(
        Locale.ROOT,
        "| latency: %d events/s for %d s, commit to arrival | %d | p50 %.0f ms, p99 %.0f ms, max %.0f ms | %d of %d arrived |%n",
        rate,
        seconds,
        total,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        latency.getMaxValue() / 1000.0,
        received.get() - before,
        total);
  }

  private String api(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(o.get("url") + path))
            .header("Authorization", "Bearer " + o.get("token"));
    b =
        json == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
