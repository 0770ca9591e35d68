package dev.parley.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the built integration-test server under another name, port and data directory, started
 * as an operator would ({@code bin/server run}) with the environment a test chooses.
 */
public final class ServerCopy implements AutoCloseable {

  private final Path wlp;
  private final Path dir;
  private final String name;
  private final int port;
  private Process process;

  private ServerCopy(Path wlp, String name) throws IOException {
    this.wlp = wlp;
    this.name = name;
    this.dir = wlp.resolve("usr/servers").resolve(name);
    this.port = freePort();
  }

  /** Copies the server configuration, shared library and WAR of the integration-test server. */
  /**
   * The environment a second node needs to share the first one's database and broker; skips the
   * calling test unless the shared stack runs (the PostgreSQL pass of ./scripts/test).
   */
  public static java.util.Map<String, String> sharedStack() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("PARLEY_DB_URL") != null && System.getenv("PARLEY_ARTEMIS_URL") != null,
        "needs a shared database and broker (the PostgreSQL pass of ./scripts/test)");
    java.util.Map<String, String> env = new java.util.HashMap<>();
    for (String name :
        List.of(
            "PARLEY_DB_URL",
            "PARLEY_DB_USER",
            "PARLEY_DB_PASSWORD",
            "PARLEY_ARTEMIS_URL",
            "PARLEY_ARTEMIS_USER",
            "PARLEY_ARTEMIS_PASSWORD")) {
      if (System.getenv(name) != null) {
        env.put(name, System.getenv(name));
      }
    }
    return env;
  }

  public static ServerCopy of(String name) throws IOException {
    ServerCopy copy =
        new ServerCopy(Path.of(System.getProperty("parley.wlp.dir", "target/liberty/wlp")), name);
    Path source = Parley.serverDir();
    deleteTree(copy.dir);
    Files.createDirectories(copy.dir.resolve("apps"));
    for (String file : List.of("server.xml", "jvm.options")) {
      Files.copy(source.resolve(file), copy.dir.resolve(file));
    }
    Files.copy(source.resolve("apps/parley.war"), copy.dir.resolve("apps/parley.war"));
    copyTree(source.resolve("lib"), copy.dir.resolve("lib"));
    Files.writeString(
        copy.dir.resolve("bootstrap.properties"),
        "PARLEY_HTTP_PORT="
            + copy.port
            + "\nPARLEY_HTTP_HOST=127.0.0.1\nPARLEY_DATA_DIR="
            + copy.dir.resolve("data")
            + "\n");
    return copy;
  }

  /** Starts it with no PARLEY_* variables of this JVM's environment, only those given. */
  public ServerCopy start(Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
    process = builder.start();
    return this;
  }

  /** Stops the server as an operator would ({@code bin/server stop}) and waits for it. */
  public void stopGracefully() throws IOException, InterruptedException {
    Process stop =
        new ProcessBuilder(wlp.resolve("bin/server").toString(), "stop", name)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    stop.waitFor(120, TimeUnit.SECONDS);
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** Kills the server's JVM as {@code kill -9} would: no shutdown hooks, no goodbyes. */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path messagesLog() {
    return dir.resolve("logs/messages.log");
  }

  /** Waits until the process ends; returns its exit code, or empty when it is still running. */
  public java.util.OptionalInt awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  /** Console lines (what an operator sees) containing the text. */
  public List<String> consoleLines(String containing) throws IOException {
    return Files.readAllLines(dir.resolve("console.txt"), StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(containing))
        .toList();
  }

  /** Waits for /health/ready to answer 200. */
  public boolean awaitReady(long seconds) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    deleteTree(dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
