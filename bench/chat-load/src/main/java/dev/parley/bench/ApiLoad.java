package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop HTTP load for the ticket benchmark (bench/run-tickets): requests of one scenario are
 * offered at rising rates, each for a fixed time; latency is measured from when the request was
 * <em>due</em> (HdrHistogram), so a stalled server cannot hide behind a slowed sender. Prints one
 * Markdown table row per rate.
 *
 * <p>Scenarios: {@code ping} (the bare JAX-RS ceiling), {@code get} (a ticket by id), {@code list}
 * (a filtered page), {@code create}, {@code update} (a merge patch), {@code search} (knowledge
 * search with a random line of --queries, plus --search-params such as {@code &mode=vector}), {@code
 * path} (GET --path under /api/v1, e.g. a report; --label names the row, --header false leaves the
 * table header out). Options: --url, --token,
 * --scenario, --rates, --step-seconds, --teams (ticket ids {@code g} belong to team index {@code g %
 * teams}), --team-index, --team-id, --first-id, --last-id, --contacts, --concurrency (max requests in
 * flight; beyond it a request counts as failed rather than queueing unboundedly), --connections
 * (keep-alive HTTP/1.1 connections, 64: a plain blocking client, so the generator's own cost stays
 * small next to the server's).
 */
public final class ApiLoad {

  private final Map<String, String> options;
  private final String url;
  private final String token;
  private final String host;
  private final int port;

  private ApiLoad(Map<String, String> options) {
    this.options = options;
    this.url = options.get("url");
    this.token = options.get("token");
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new ApiLoad(options).run();
    System.exit(0);
  }

  private long option(String name, long fallback) {
    return options.containsKey(name) ? Long.parseLong(options.get(name)) : fallback;
  }

  /** A random ticket id of the bench agent's team. */
  private long ticketId() {
    long teams = option("teams", 1);
    long index = option("team-index", 0);
    long first = option("first-id", 1001);
    long last = option("last-id", 1_001_000);
    long span = (last - first) / teams;
    long id = first + ThreadLocalRandom.current().nextLong(span) * teams;
    // ids g with g % teams == index
    long shift = Math.floorMod(index - id, teams);
    return id + shift <= last ? id + shift : id + shift - teams;
  }

  private Supplier<byte[]> scenario(String name) {
    String api = "/api/v1";
    long teamId = option("team-id", 0);
    long contacts = option("contacts", 100_000);
    return switch (name) {
      case "ping" -> () -> get(api + "/ping");
      case "path" -> () -> get(api + options.get("path"));
      case "get" -> () -> get(api + "/tickets/" + ticketId());
      case "list" ->
          () ->
              get(
                  api
                      + "/tickets?team="
                      + teamId
                      + "&status=open,pending&sort=-updatedAt&limit=25");
      case "create" ->
          () -> {
            long contact = 1 + ThreadLocalRandom.current().nextLong(contacts);
            String body =
                "{\"subject\":\"Bench ticket\",\"description\":\"Created by the ticket benchmark;"
                    + " the printer jams on the second page.\",\"requester\":{\"email\":\"c"
                    + contact
                    + "@bench.example\"},\"team\":"
                    + teamId
                    + ",\"priority\":\"high\",\"tags\":[\"bench\"]}";
            return send("POST", api + "/tickets", "application/json", body);
          };
      case "update" ->
          () -> {
            String priority =
                List.of("low", "normal", "high").get(ThreadLocalRandom.current().nextInt(3));
            return send(
                "PATCH",
                api + "/tickets/" + ticketId(),
                "application/merge-patch+json",
                "{\"priority\":\"" + priority + "\"}");
          };
      case "search" -> {
        List<String> queries;
        try {
          queries =
              java.nio.file.Files.readAllLines(java.nio.file.Path.of(options.get("queries"))).stream()
                  .filter(q -> !q.isBlank())
                  .map(q -> java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
                  .toList();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        String params = options.getOrDefault("search-params", "");
        yield () ->
            get(
                api
                    + "/knowledge/search?limit=5"
                    + params
                    + "&q="
                    + queries.get(ThreadLocalRandom.current().nextInt(queries.size())));
      }
      default -> throw new IllegalArgumentException("unknown scenario " + name);
    };
  }

  private byte[] get(String path) {
    return request("GET", path, null, null);
  }

  private byte[] send(String method, String path, String type, String body) {
    return request(method, path, type, body);
  }

  private byte[] request(String method, String path, String type, String body) {
    StringBuilder r = new StringBuilder(256);
    r.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
    r.append("\r\nAccept: application/json\r\n");
    if (token != null) {
      r.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    if (content != null) {
      r.append("Content-Type: ").append(type).append("\r\nContent-Length: ");
      r.append(content.length).append("\r\n");
    }
    r.append("\r\n");
    byte[] head = r.toString().getBytes(StandardCharsets.US_ASCII);
    if (content == null) {
      return head;
    }
    byte[] all = Arrays.copyOf(head, head.length + content.length);
    System.arraycopy(content, 0, all, head.length, content.length);
    return all;
  }

  /** One keep-alive HTTP/1.1 connection: writes a request, reads the whole response. */
  private static final class Conn {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Conn(String host, int port) {
      this.host = host;
      this.port = port;
    }

    /**
     * Sends a request and reads the answer. A GET on a keep-alive connection the server closed
     * while it was idle is sent once more on a new connection, as HTTP clients do.
     */
    int exchange(byte[] request) throws IOException {
      boolean reused = socket != null;
      try {
        return attempt(request);
      } catch (IOException e) {
        if (!reused || request.length < 4 || request[0] != 'G' || request[3] != ' ') {
          throw e;
        }
        return attempt(request);
      }
    }

    private int attempt(byte[] request) throws IOException {
      if (socket == null) {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = new BufferedOutputStream(socket.getOutputStream(), 16384);
      }
      try {
        out.write(request);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
          String lower = h.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(lower.substring(15).trim());
          } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
            chunked = true;
          } else if (lower.startsWith("connection:") && lower.contains("close")) {
            close = true;
          }
        }
        if (chunked) {
          for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
              size > 0;
              size = Long.parseLong(line().split(";")[0].trim(), 16)) {
            skip(size);
            line();
          }
          line();
        } else if (length > 0) {
          skip(length);
        }
        if (close) {
          reset();
        }
        return code;
      } catch (IOException | RuntimeException e) {
        reset();
        throw e;
      }
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        long skipped = in.skip(n);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed mid-body");
          }
          skipped = 1;
        }
        n -= skipped;
      }
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          int len = b.length();
          return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
        }
        b.append((char) c);
      }
      throw new IOException("connection closed");
    }

    private void reset() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing a broken connection
      }
      socket = null;
    }
  }

  private void run() throws Exception {
    String name = options.get("scenario");
    Supplier<byte[]> requests = scenario(name);
    int stepSeconds = (int) option("step-seconds", 15);
    long maxInFlight = option("concurrency", 256);
    // warm up (JIT, connections, caches) gently: a cold JVM is several times slower, and a
    // warm-up above its capacity would leave a backlog in the first measured step
    int first = Integer.parseInt(options.get("rates").split(",")[0]);
    int warmRate = (int) option("warmup-rate", Math.min(first, 400));
    offer(requests, warmRate, (int) option("warmup-seconds", 30), maxInFlight, new Recorder(3));
    failures.clear();
    if (!"false".equals(options.get("header"))) {
      System.out.println(
          "| scenario | offered req/s | completed req/s | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms | errors |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
    }
    for (String rate : options.get("rates").split(",")) {
      Recorder recorder = new Recorder(3);
      Result r = offer(requests, Integer.parseInt(rate), stepSeconds, maxInFlight, recorder);
      Histogram h = recorder.getIntervalHistogram();
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
          options.getOrDefault("label", name),
          rate,
          r.completed / (double) stepSeconds,
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(95) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0,
          h.getMaxValue() / 1000.0,
          r.errors);
      System.out.flush();
      if (!failures.isEmpty()) {
        System.err.println("failures at " + rate + "/s: " + failures);
        failures.clear();
      }
      Thread.sleep(2_000);
    }
  }

  private record Result(long completed, long errors) {}

  /** Why requests failed, for stderr: status codes and exception types with counts. */
  private final Map<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();

  private void failed(String why) {
    failures.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
  }

  private record Task(long due, byte[] request, Recorder recorder, AtomicLong completed,
      AtomicLong errors) {}

  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private volatile boolean workersStarted;

  private synchronized void startWorkers(int connections) {
    if (workersStarted) {
      return;
    }
    workersStarted = true;
    for (int i = 0; i < connections; i++) {
      Thread worker =
          new Thread(
              () -> {
                Conn conn = new Conn(host, port);
                while (true) {
                  Task task;
                  try {
                    task = queue.take();
                  } catch (InterruptedException e) {
                    return;
                  }
                  try {
                    int code = conn.exchange(task.request());
                    if (code >= 400) {
                      task.errors().incrementAndGet();
                      failed("HTTP " + code);
                    } else {
                      task.completed().incrementAndGet();
                    }
                  } catch (IOException | RuntimeException e) {
                    task.errors().incrementAndGet();
                    failed(e.getClass().getSimpleName());
                  }
                  task.recorder().recordValue(Math.max(1, (System.nanoTime() - task.due()) / 1000));
                  inFlight.decrementAndGet();
                }
              },
              "load-" + i);
      worker.setDaemon(true);
      worker.start();
    }
  }

  private final AtomicLong inFlight = new AtomicLong();

  /**
   * Offers {@code rate} requests per second for {@code seconds} to {@code connections} keep-alive
   * connections; a request waits in the queue when all are busy (its latency counts from when it was
   * due), and beyond {@code maxInFlight} waiting or running it counts as failed.
   */
  private Result offer(
      Supplier<byte[]> requests, int rate, int seconds, long maxInFlight, Recorder recorder)
      throws InterruptedException {
    startWorkers((int) option("connections", 64));
    AtomicLong completed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (inFlight.get() >= maxInFlight) {
        errors.incrementAndGet();
        failed("over " + maxInFlight + " in flight");
        continue;
      }
      inFlight.incrementAndGet();
      queue.add(new Task(due, requests.get(), recorder, completed, errors));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return new Result(completed.get(), errors.get());
  }
}
