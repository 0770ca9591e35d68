package dev.parley.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * PLAT-2: a wrong or contradictory setting stops start-up with one line naming the variable. Starts
 * a copy of the built server with the bad setting, as an operator would, and reads its output.
 */
class StartupFailureIT {

  private record Outcome(boolean exited, int exitCode, List<String> startLines) {}

  private static Outcome start(String name, Map<String, String> env, List<String> unset)
      throws Exception {
    Path wlp = Path.of(System.getProperty("parley.wlp.dir", "target/liberty/wlp"));
    Path source = Parley.serverDir();
    Path server = wlp.resolve("usr/servers").resolve(name);
    deleteTree(server);
    Files.createDirectories(server.resolve("apps"));
    for (String file : List.of("server.xml", "jvm.options")) {
      Files.copy(source.resolve(file), server.resolve(file));
    }
    Files.copy(source.resolve("apps/parley.war"), server.resolve("apps/parley.war"));
    copyTree(source.resolve("lib"), server.resolve("lib"));
    Files.writeString(
        server.resolve("bootstrap.properties"),
        "PARLEY_HTTP_PORT="
            + freePort()
            + "\nPARLEY_HTTP_HOST=127.0.0.1\nPARLEY_DATA_DIR="
            + server.resolve("data")
            + "\n");

    Path output = server.resolve("console.txt");
    ProcessBuilder builder = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name);
    builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_") || unset.contains(k));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    Process process = builder.start();
    try {
      boolean exited = process.waitFor(150, TimeUnit.SECONDS);
      List<String> lines =
          Files.readAllLines(output, StandardCharsets.UTF_8).stream()
              .filter(l -> l.contains("Parley cannot start"))
              .toList();
      return new Outcome(exited, exited ? process.exitValue() : -1, lines);
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      deleteTree(server);
    }
  }

  @Test
  void aWrongDatabaseUrlStopsStartupWithOneActionableLine() throws Exception {
    Outcome outcome =
        start(
            "parley-bad-db",
            Map.of(
                "PARLEY_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/parley",
                "PARLEY_DB_USER",
                "parley",
                "PARLEY_DB_PASSWORD",
                "x"),
            List.of());
    assertTrue(outcome.exited(), "the server must stop by itself");
    assertNotEquals(0, outcome.exitCode());
    assertEquals(1, outcome.startLines().size(), outcome.startLines().toString());
    String line = outcome.startLines().get(0);
    assertTrue(
        line.contains("PARLEY_DB_URL: cannot connect to jdbc:postgresql://127.0.0.1:1/parley"),
        line);
  }

  @Test
  void aContradictoryClusterSettingIsNamed() throws Exception {
    Outcome outcome =
        start("parley-bad-cluster", Map.of("PARLEY_CLUSTER_ENABLED", "true"), List.of());
    assertTrue(outcome.exited(), "the server must stop by itself");
    assertNotEquals(0, outcome.exitCode());
    assertTrue(
        outcome.startLines().stream()
            .anyMatch(l -> l.contains("PARLEY_CLUSTER_ENABLED=true needs a shared database")),
        outcome.startLines().toString());
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
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
