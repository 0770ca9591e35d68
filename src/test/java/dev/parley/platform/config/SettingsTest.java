package dev.parley.platform.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.MapConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PLAT-1/PLAT-2: one artifact, configured by environment; wrong settings are named. */
class SettingsTest {

  private static Settings settings(String... pairs) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return new Settings(new MapConfig(values));
  }

  private static String problemOf(Settings settings) {
    ConfigurationError error = assertThrows(ConfigurationError.class, settings::validate);
    assertEquals(1, error.problems().size(), error.problems().toString());
    return error.problems().get(0);
  }

  @Test
  void theEmbeddedDefaultNeedsNoSettings() {
    Settings embedded = settings();
    assertDoesNotThrow(embedded::validate);
    assertTrue(embedded.embeddedDatabase());
    assertTrue(embedded.embeddedBroker());
    assertFalse(embedded.clustered());
  }

  @Test
  void theProductionStackIsValid() {
    Settings production =
        settings(
            "PARLEY_DB_URL", "jdbc:postgresql://db:5432/parley",
            "PARLEY_DB_USER", "parley",
            "PARLEY_DB_PASSWORD", "secret",
            "PARLEY_ARTEMIS_URL", "tcp://broker:61616",
            "PARLEY_ARTEMIS_USER", "parley",
            "PARLEY_ARTEMIS_PASSWORD", "secret",
            "PARLEY_CLUSTER_ENABLED", "true",
            "PARLEY_JGROUPS_INITIAL_HOSTS", "node1[7800],node2[7800]",
            "PARLEY_LLM_BASE_URL", "http://localhost:11434/v1",
            "PARLEY_LLM_MODEL", "llama3.1",
            "PARLEY_ALLOWED_ORIGINS", "https://www.example.com, http://localhost:3000",
            "PARLEY_LOG_FORMAT", "json");
    assertDoesNotThrow(production::validate);
    assertFalse(production.embeddedDatabase());
    assertFalse(production.embeddedBroker());
    assertTrue(production.clustered());
  }

  @Test
  void aWrongDatabaseUrlIsNamed() {
    String problem = problemOf(settings("PARLEY_DB_URL", "postgres://db/parley"));
    assertTrue(problem.startsWith("PARLEY_DB_URL must be a jdbc:postgresql://"), problem);
  }

  @Test
  void postgresWithoutUserIsNamed() {
    String problem = problemOf(settings("PARLEY_DB_URL", "jdbc:postgresql://db:5432/parley"));
    assertTrue(problem.startsWith("PARLEY_DB_USER is required"), problem);
  }

  @Test
  void aClusterOnTheEmbeddedDatabaseIsContradictory() {
    String problem =
        problemOf(
            settings("PARLEY_CLUSTER_ENABLED", "true", "PARLEY_ARTEMIS_URL", "tcp://b:61616"));
    assertTrue(problem.startsWith("PARLEY_CLUSTER_ENABLED=true needs a shared database"), problem);
  }

  @Test
  void aClusterOnTheEmbeddedBrokerIsContradictory() {
    String problem =
        problemOf(
            settings(
                "PARLEY_CLUSTER_ENABLED", "true",
                "PARLEY_DB_URL", "jdbc:postgresql://db/parley",
                "PARLEY_DB_USER", "parley"));
    assertTrue(problem.startsWith("PARLEY_CLUSTER_ENABLED=true needs a shared broker"), problem);
  }

  @Test
  void brokerCredentialsWithoutBrokerAreContradictory() {
    ConfigurationError error =
        assertThrows(ConfigurationError.class, settings("PARLEY_ARTEMIS_USER", "parley")::validate);
    assertTrue(error.getMessage().contains("PARLEY_ARTEMIS_USER and PARLEY_ARTEMIS_PASSWORD"));
    assertTrue(error.getMessage().contains("PARLEY_ARTEMIS_URL is not"));
  }

  @Test
  void anLlmWithoutModelIsNamed() {
    String problem = problemOf(settings("PARLEY_LLM_BASE_URL", "https://llm.example.com/v1"));
    assertTrue(problem.startsWith("PARLEY_LLM_MODEL is required"), problem);
    assertTrue(
        problemOf(settings("PARLEY_LLM_BASE_URL", "ftp://x", "PARLEY_LLM_MODEL", "m"))
            .startsWith("PARLEY_LLM_BASE_URL must be an http(s) URL"));
    assertTrue(problemOf(settings("PARLEY_LLM_MODEL", "m")).contains("PARLEY_LLM_BASE_URL is not"));
  }

  @Test
  void originsPortsAndFlagsAreChecked() {
    assertTrue(
        problemOf(
                settings(
                    "PARLEY_ALLOWED_ORIGINS",
                    "https://ok.example.com,https://bad.example.com/path"))
            .startsWith("PARLEY_ALLOWED_ORIGINS"));
    assertTrue(
        problemOf(settings("PARLEY_JGROUPS_PORT", "70000")).startsWith("PARLEY_JGROUPS_PORT"));
    assertTrue(
        problemOf(settings("PARLEY_CLUSTER_ENABLED", "yes")).startsWith("PARLEY_CLUSTER_ENABLED"));
    assertTrue(
        problemOf(settings("PARLEY_JGROUPS_INITIAL_HOSTS", "node1:7800"))
            .startsWith("PARLEY_JGROUPS_INITIAL_HOSTS"));
    assertTrue(problemOf(settings("PARLEY_LOG_FORMAT", "xml")).startsWith("PARLEY_LOG_FORMAT"));
    assertTrue(problemOf(settings("PARLEY_DB_POOL_MAX", "many")).startsWith("PARLEY_DB_POOL_MAX"));
    assertTrue(
        problemOf(settings("PARLEY_PUBLIC_URL", "parley.example.com"))
            .startsWith("PARLEY_PUBLIC_URL"));
  }

  @Test
  void theVisitorTokenKeyMustBeLongEnough() {
    assertTrue(problemOf(settings("PARLEY_VISITOR_TOKEN_KEY", "c2hvcnQ=")).contains("at least 32"));
    assertTrue(problemOf(settings("PARLEY_VISITOR_TOKEN_KEY", "%%%")).contains("base64"));
    assertDoesNotThrow(
        settings("PARLEY_VISITOR_TOKEN_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
            ::validate);
  }

  @Test
  void theFirstAdminSettingsAreChecked() {
    assertTrue(
        problemOf(settings("PARLEY_ADMIN_PASSWORD", "short")).startsWith("PARLEY_ADMIN_PASSWORD"));
    assertTrue(problemOf(settings("PARLEY_ADMIN_EMAIL", "admin")).startsWith("PARLEY_ADMIN_EMAIL"));
  }

  @Test
  void blankValuesCountAsUnset() {
    Settings blank = settings("PARLEY_DB_URL", "  ", "PARLEY_ARTEMIS_URL", "");
    assertDoesNotThrow(blank::validate);
    assertTrue(blank.embeddedDatabase());
    assertTrue(blank.embeddedBroker());
  }

  @Test
  void aWrongChineseEmbeddingModelIsNamed() {
    String problem =
        problemOf(settings("parley.knowledge.chinese-embedding-model", "bge-large-zh"));
    assertTrue(
        problem.startsWith("parley.knowledge.chinese-embedding-model must be bge-small-zh-v1.5-q"),
        problem);
  }

  @Test
  void aWrongWebhookAllowListIsNamed() {
    String problem = problemOf(settings("PARLEY_WEBHOOKS_ALLOW_PRIVATE", "10.0.0.0/99"));
    assertTrue(problem.startsWith("PARLEY_WEBHOOKS_ALLOW_PRIVATE"), problem);
  }
}
