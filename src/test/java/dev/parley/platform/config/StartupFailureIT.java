package dev.parley.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ServerCopy;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * PLAT-2: a wrong or contradictory setting stops start-up with one line naming the variable. Starts
 * a copy of the built server with the bad setting, as an operator would, and reads its output.
 */
class StartupFailureIT {

  /**
   * Its servers start with their own settings only (the embedded default, whatever the pass), so
   * the PostgreSQL pass would test the same thing again.
   */
  @org.junit.jupiter.api.BeforeAll
  static void onceIsEnough() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("PARLEY_DB_URL") == null,
        "starts its own servers on the embedded default: it ran in the first pass");
  }

  @Test
  void aWrongDatabaseUrlStopsStartupWithOneActionableLine() throws Exception {
    try (ServerCopy server = ServerCopy.of("parley-bad-db")) {
      server.start(
          Map.of(
              "PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:1/parley",
              "PARLEY_DB_USER", "parley",
              "PARLEY_DB_PASSWORD", "x"));
      OptionalInt exit = server.awaitExit(150);
      assertTrue(exit.isPresent(), "the server must stop by itself");
      assertNotEquals(0, exit.getAsInt());
      List<String> lines = server.consoleLines("Parley cannot start");
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(
          lines
              .get(0)
              .contains("PARLEY_DB_URL: cannot connect to jdbc:postgresql://127.0.0.1:1/parley"),
          lines.get(0));
    }
  }

  @Test
  void aContradictoryClusterSettingIsNamed() throws Exception {
    try (ServerCopy server = ServerCopy.of("parley-bad-cluster")) {
      server.start(Map.of("PARLEY_CLUSTER_ENABLED", "true"));
      OptionalInt exit = server.awaitExit(150);
      assertTrue(exit.isPresent(), "the server must stop by itself");
      assertNotEquals(0, exit.getAsInt());
      List<String> lines = server.consoleLines("Parley cannot start");
      assertTrue(
          lines.stream()
              .anyMatch(l -> l.contains("PARLEY_CLUSTER_ENABLED=true needs a shared database")),
          lines.toString());
    }
  }
}
