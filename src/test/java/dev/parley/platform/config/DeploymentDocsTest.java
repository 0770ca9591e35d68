package dev.parley.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PLAT-1: the deployment variables Parley reads, the README's configuration table, {@code
 * server.xml} and the {@code docker/} files name the same variables. No Docker engine runs here, so
 * this test is what keeps the container files honest.
 */
class DeploymentDocsTest {

  private static final Pattern VARIABLE = Pattern.compile("PARLEY_[A-Z0-9_]+");

  private static Set<String> variablesIn(String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = VARIABLE.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found;
  }

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path));
  }

  /** The variables in the rows of README's table, whose first cell is the variable. */
  private static Set<String> readmeTable() throws IOException {
    Set<String> rows = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(PARLEY_[A-Z0-9_]+)` \\|").matcher(read("README.md"));
    while (row.find()) {
      rows.add(row.group(1));
    }
    return rows;
  }

  @Test
  void theReadmeTableListsExactlyTheVariablesParleyReads() throws IOException {
    assertEquals(new TreeSet<>(Settings.VARIABLES), readmeTable());
  }

  @Test
  void serverXmlUsesOnlyKnownVariables() throws IOException {
    Set<String> unknown = variablesIn(read("liberty/server.xml"));
    unknown.removeAll(Settings.VARIABLES);
    assertEquals(Set.of(), unknown);
  }

  @Test
  void theContainerFilesUseOnlyKnownVariables() throws IOException {
    Set<String> used = variablesIn(read("docker/compose.yaml"));
    used.addAll(variablesIn(read("docker/Dockerfile")));
    Set<String> unknown = new TreeSet<>(used);
    unknown.removeAll(Settings.VARIABLES);
    assertEquals(Set.of(), unknown, "docker/ uses variables Parley does not read");
  }

  @Test
  void theComposeNodesSetEverythingAClusterNeeds() throws IOException {
    Set<String> compose = variablesIn(read("docker/compose.yaml"));
    for (String needed :
        Set.of(
            "PARLEY_DB_URL",
            "PARLEY_DB_USER",
            "PARLEY_DB_PASSWORD",
            "PARLEY_ARTEMIS_URL",
            "PARLEY_ARTEMIS_USER",
            "PARLEY_ARTEMIS_PASSWORD",
            "PARLEY_CLUSTER_ENABLED",
            "PARLEY_JGROUPS_BIND_ADDR",
            "PARLEY_JGROUPS_INITIAL_HOSTS",
            "PARLEY_PUBLIC_URL",
            "PARLEY_ALLOWED_ORIGINS",
            "PARLEY_LLM_BASE_URL",
            "PARLEY_LLM_MODEL")) {
      assertTrue(compose.contains(needed), "docker/compose.yaml does not set " + needed);
    }
  }

  @Test
  void noSecretIsWrittenIntoTheContainerFiles() throws IOException {
    String compose = read("docker/compose.yaml");
    Matcher password =
        Pattern.compile("(?m)^\\s*(PARLEY_[A-Z_]*(PASSWORD|KEY)):\\s*(.+)$").matcher(compose);
    int secrets = 0;
    while (password.find()) {
      secrets++;
      assertTrue(
          password.group(3).startsWith("${"),
          password.group(1) + " must come from the environment");
    }
    assertTrue(secrets >= 4, "the compose file should pass passwords and keys; found " + secrets);
  }
}
