package dev.parley.platform.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The deployment settings: what differs per installation, read from environment variables (through
 * MicroProfile Config, so {@code server.xml} variables supply the laptop defaults). {@link
 * #validate()} runs once at start-up and fails with a message naming the variable.
 *
 * <p>The README's configuration table and {@code docker/} list the same variables; {@code
 * SettingsDocumentationTest} keeps the three in sync through {@link #VARIABLES}.
 */
@ApplicationScoped
public class Settings {

  /** Every deployment variable Parley reads. */
  public static final List<String> VARIABLES =
      List.of(
          "PARLEY_DATA_DIR",
          "PARLEY_PUBLIC_URL",
          "PARLEY_HTTP_PORT",
          "PARLEY_HTTP_HOST",
          "PARLEY_DB_URL",
          "PARLEY_DB_USER",
          "PARLEY_DB_PASSWORD",
          "PARLEY_DB_POOL_MAX",
          "PARLEY_ARTEMIS_URL",
          "PARLEY_ARTEMIS_USER",
          "PARLEY_ARTEMIS_PASSWORD",
          "PARLEY_CLUSTER_ENABLED",
          "PARLEY_CLUSTER_NAME",
          "PARLEY_JGROUPS_BIND_ADDR",
          "PARLEY_JGROUPS_PORT",
          "PARLEY_JGROUPS_INITIAL_HOSTS",
          "PARLEY_LLM_BASE_URL",
          "PARLEY_LLM_API_KEY",
          "PARLEY_LLM_MODEL",
          "PARLEY_ALLOWED_ORIGINS",
          "PARLEY_LOG_FORMAT",
          "PARLEY_VISITOR_TOKEN_KEY",
          "PARLEY_ADMIN_EMAIL",
          "PARLEY_ADMIN_PASSWORD",
          "PARLEY_KNOWLEDGE_BASE_DIR",
          "PARLEY_IMPORT_ROOTS",
          "PARLEY_WEBHOOKS_ALLOW_PRIVATE",
          "PARLEY_TIME_ZONE");

  @Inject Config config;

  public Settings() {}

  /** For tests: settings over a fixed source. */
  Settings(Config config) {
    this.config = config;
  }

  public Optional<String> get(String name) {
    return config.getOptionalValue(name, String.class).map(String::trim).filter(s -> !s.isEmpty());
  }

  /** The installation's time zone: reports count days in it unless a request names another. */
  public java.time.ZoneId timeZone() {
    return get("PARLEY_TIME_ZONE").map(java.time.ZoneId::of).orElse(java.time.ZoneId.of("UTC"));
  }

  public Path dataDir() {
    return Path.of(get("PARLEY_DATA_DIR").orElse("data")).toAbsolutePath();
  }

  public boolean embeddedDatabase() {
    return get("PARLEY_DB_URL").map(u -> u.startsWith("jdbc:h2:")).orElse(true);
  }

  public Optional<String> databaseUrl() {
    return get("PARLEY_DB_URL");
  }

  public boolean embeddedBroker() {
    return get("PARLEY_ARTEMIS_URL").isEmpty();
  }

  public Optional<String> brokerUrl() {
    return get("PARLEY_ARTEMIS_URL");
  }

  public Optional<String> brokerUser() {
    return get("PARLEY_ARTEMIS_USER");
  }

  public Optional<String> brokerPassword() {
    return get("PARLEY_ARTEMIS_PASSWORD");
  }

  public boolean clustered() {
    return get("PARLEY_CLUSTER_ENABLED").map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  public String clusterName() {
    return get("PARLEY_CLUSTER_NAME").orElse("parley");
  }

  public String jgroupsBindAddress() {
    return get("PARLEY_JGROUPS_BIND_ADDR").orElse("127.0.0.1");
  }

  public int jgroupsPort() {
    return get("PARLEY_JGROUPS_PORT").map(Integer::parseInt).orElse(7800);
  }

  public Optional<String> jgroupsInitialHosts() {
    return get("PARLEY_JGROUPS_INITIAL_HOSTS");
  }

  /** Address ranges webhooks may reach although private ({@code PARLEY_WEBHOOKS_ALLOW_PRIVATE}). */
  public String webhooksAllowPrivate() {
    return get("PARLEY_WEBHOOKS_ALLOW_PRIVATE").orElse("");
  }

  public Optional<String> visitorTokenKey() {
    return get("PARLEY_VISITOR_TOKEN_KEY");
  }

  /** The URL users reach Parley at; by default this machine on the HTTP port. */
  public String publicUrl() {
    return get("PARLEY_PUBLIC_URL")
        .orElseGet(() -> "http://localhost:" + get("PARLEY_HTTP_PORT").orElse("9080"))
        .replaceAll("/+$", "");
  }

  /** The origin ({@code scheme://host[:port]}, lower case) of {@link #publicUrl()}. */
  public String publicOrigin() {
    return originOf(publicUrl());
  }

  static String originOf(String url) {
    try {
      URI uri = URI.create(url);
      String origin = uri.getScheme() + "://" + uri.getHost();
      if (uri.getPort() != -1
          && !(uri.getPort() == 80 && "http".equals(uri.getScheme()))
          && !(uri.getPort() == 443 && "https".equals(uri.getScheme()))) {
        origin += ":" + uri.getPort();
      }
      return origin.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return url.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The origins the demo inbox allows when it is created: {@code PARLEY_ALLOWED_ORIGINS}, else the
   * origin of the public URL (so the demo page served by Parley itself works on any port).
   */
  public List<String> allowedOrigins() {
    return get("PARLEY_ALLOWED_ORIGINS")
        .map(Settings::splitList)
        .orElseGet(() -> List.of(publicOrigin()));
  }

  public Optional<Path> knowledgeBaseDir() {
    return get("PARLEY_KNOWLEDGE_BASE_DIR").map(Path::of);
  }

  /**
   * The folders admins may import articles from ({@code PARLEY_IMPORT_ROOTS}, separated by commas),
   * else the data directory's {@code imports/}.
   */
  public List<Path> importRoots() {
    return get("PARLEY_IMPORT_ROOTS")
        .map(v -> splitList(v).stream().map(Path::of).toList())
        .orElseGet(() -> List.of(dataDir().resolve("imports")));
  }

  /**
   * Checks every setting; throws with one line per problem, each naming its variable.
   *
   * @throws ConfigurationError when anything is missing, malformed or contradictory
   */
  public void validate() {
    List<String> problems = new ArrayList<>();
    get("PARLEY_DB_URL")
        .ifPresent(
            url -> {
              if (url.startsWith("jdbc:postgresql://")) {
                if (get("PARLEY_DB_USER").isEmpty()) {
                  problems.add("PARLEY_DB_USER is required when PARLEY_DB_URL is a PostgreSQL URL");
                }
              } else if (!url.startsWith("jdbc:h2:")) {
                problems.add(
                    "PARLEY_DB_URL must be a jdbc:postgresql://host:port/database URL (or jdbc:h2:"
                        + " for the embedded default), not '"
                        + url
                        + "'");
              }
            });
    get("PARLEY_ARTEMIS_URL")
        .ifPresent(
            url -> {
              if (!url.matches("^(\\(?)(tcp|ssl|vm)://.+")) {
                problems.add(
                    "PARLEY_ARTEMIS_URL must be an Artemis core URL such as tcp://broker:61616, not '"
                        + url
                        + "'");
              }
            });
    if (get("PARLEY_ARTEMIS_USER").isPresent() != get("PARLEY_ARTEMIS_PASSWORD").isPresent()) {
      problems.add("PARLEY_ARTEMIS_USER and PARLEY_ARTEMIS_PASSWORD must be set together");
    }
    if (get("PARLEY_ARTEMIS_USER").isPresent() && embeddedBroker()) {
      problems.add(
          "PARLEY_ARTEMIS_USER is set but PARLEY_ARTEMIS_URL is not: set the broker URL, or unset"
              + " the credentials to use the embedded broker");
    }
    get("PARLEY_CLUSTER_ENABLED")
        .ifPresent(
            v -> {
              if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                problems.add("PARLEY_CLUSTER_ENABLED must be true or false, not '" + v + "'");
              }
            });
    if (clustered()) {
      if (embeddedDatabase()) {
        problems.add(
            "PARLEY_CLUSTER_ENABLED=true needs a shared database: set PARLEY_DB_URL to PostgreSQL"
                + " (the embedded H2 database belongs to one node)");
      }
      if (embeddedBroker()) {
        problems.add(
            "PARLEY_CLUSTER_ENABLED=true needs a shared broker: set PARLEY_ARTEMIS_URL (the"
                + " embedded broker belongs to one node)");
      }
    }
    get("PARLEY_DB_POOL_MAX")
        .ifPresent(
            v -> {
              if (!v.matches("\\d{1,4}") || Integer.parseInt(v) < 2) {
                problems.add(
                    "PARLEY_DB_POOL_MAX must be a number of connections (2 or more), not '"
                        + v
                        + "'");
              }
            });
    get("parley.knowledge.embedding-model")
        .ifPresent(
            model -> {
              if (!List.of("all-minilm-l6-v2", "bge-small-en-v1.5-q").contains(model)) {
                problems.add(
                    "parley.knowledge.embedding-model must be all-minilm-l6-v2 or"
                        + " bge-small-en-v1.5-q, not '"
                        + model
                        + "'");
              }
            });
    get("parley.knowledge.chinese-embedding-model")
        .ifPresent(
            model -> {
              if (!List.of("bge-small-zh-v1.5-q", "none").contains(model)) {
                problems.add(
                    "parley.knowledge.chinese-embedding-model must be bge-small-zh-v1.5-q or"
                        + " none, not '"
                        + model
                        + "'");
              }
            });
    get("PARLEY_TIME_ZONE")
        .ifPresent(
            zone -> {
              try {
                java.time.ZoneId.of(zone);
              } catch (java.time.DateTimeException e) {
                problems.add(
                    "PARLEY_TIME_ZONE must be a time zone such as Europe/Berlin, Asia/Shanghai or"
                        + " UTC, not '"
                        + zone
                        + "'");
              }
            });
    get("PARLEY_WEBHOOKS_ALLOW_PRIVATE")
        .ifPresent(
            ranges -> {
              for (String range : splitList(ranges)) {
                if (!range.matches("^[0-9A-Fa-f:.]+(/\\d{1,3})?$") || !prefixFits(range)) {
                  problems.add(
                      "PARLEY_WEBHOOKS_ALLOW_PRIVATE must list address ranges separated by"
                          + " commas, e.g. 10.0.0.0/8,192.168.1.20/32; '"
                          + range
                          + "' is not one");
                }
              }
            });
    checkPort(problems, "PARLEY_JGROUPS_PORT");
    checkPort(problems, "PARLEY_HTTP_PORT");
    get("PARLEY_JGROUPS_INITIAL_HOSTS")
        .ifPresent(
            hosts -> {
              for (String host : splitList(hosts)) {
                if (!host.matches("^[A-Za-z0-9.:\\-]+\\[\\d{1,5}]$")) {
                  problems.add(
                      "PARLEY_JGROUPS_INITIAL_HOSTS must list host[port] entries separated by"
                          + " commas, e.g. 10.0.0.1[7800],10.0.0.2[7800]; '"
                          + host
                          + "' is not one");
                }
              }
            });
    get("PARLEY_LLM_BASE_URL")
        .ifPresent(
            url -> {
              if (!isHttpUrl(url)) {
                problems.add(
                    "PARLEY_LLM_BASE_URL must be an http(s) URL such as"
                        + " https://api.example.com/v1, not '"
                        + url
                        + "'");
              }
              if (get("PARLEY_LLM_MODEL").isEmpty()) {
                problems.add("PARLEY_LLM_MODEL is required when PARLEY_LLM_BASE_URL is set");
              }
            });
    if (get("PARLEY_LLM_BASE_URL").isEmpty()
        && (get("PARLEY_LLM_MODEL").isPresent() || get("PARLEY_LLM_API_KEY").isPresent())) {
      problems.add(
          "PARLEY_LLM_MODEL/PARLEY_LLM_API_KEY are set but PARLEY_LLM_BASE_URL is not: set the"
              + " endpoint of the OpenAI-compatible server");
    }
    get("PARLEY_PUBLIC_URL")
        .ifPresent(
            url -> {
              if (!isHttpUrl(url)) {
                problems.add(
                    "PARLEY_PUBLIC_URL must be the http(s) URL users reach Parley at, not '"
                        + url
                        + "'");
              }
            });
    for (String origin : get("PARLEY_ALLOWED_ORIGINS").map(Settings::splitList).orElse(List.of())) {
      if (!origin.matches("^https?://[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?$")) {
        problems.add(
            "PARLEY_ALLOWED_ORIGINS must list origins like https://www.example.com separated by"
                + " commas (scheme, host and optional port, no path); '"
                + origin
                + "' is not one");
      }
    }
    get("PARLEY_LOG_FORMAT")
        .ifPresent(
            f -> {
              if (!List.of("simple", "json", "dev").contains(f.toLowerCase(Locale.ROOT))) {
                problems.add("PARLEY_LOG_FORMAT must be simple or json, not '" + f + "'");
              }
            });
    get("PARLEY_VISITOR_TOKEN_KEY")
        .ifPresent(
            key -> {
              try {
                if (Base64.getDecoder().decode(key).length < 32) {
                  problems.add(
                      "PARLEY_VISITOR_TOKEN_KEY must be at least 32 random bytes, base64-encoded"
                          + " (e.g. openssl rand -base64 32)");
                }
              } catch (IllegalArgumentException e) {
                problems.add(
                    "PARLEY_VISITOR_TOKEN_KEY must be base64-encoded (e.g. openssl rand -base64"
                        + " 32)");
              }
            });
    get("PARLEY_IMPORT_ROOTS")
        .ifPresent(
            roots -> {
              for (String root : splitList(roots)) {
                Path path;
                try {
                  path = Path.of(root);
                } catch (java.nio.file.InvalidPathException e) {
                  problems.add("PARLEY_IMPORT_ROOTS lists '" + root + "', which is not a path");
                  continue;
                }
                if (!path.isAbsolute() || !java.nio.file.Files.isDirectory(path)) {
                  problems.add(
                      "PARLEY_IMPORT_ROOTS must list existing folders by absolute path, separated"
                          + " by commas; '"
                          + root
                          + "' is not one");
                }
              }
            });
    get("PARLEY_ADMIN_EMAIL")
        .ifPresent(
            email -> {
              if (!email.matches("^[^@\\s]+@[^@\\s]+$")) {
                problems.add("PARLEY_ADMIN_EMAIL must be an email address, not '" + email + "'");
              }
            });
    get("PARLEY_ADMIN_PASSWORD")
        .ifPresent(
            pw -> {
              if (pw.length() < 12) {
                problems.add("PARLEY_ADMIN_PASSWORD must be at least 12 characters long");
              }
            });
    if (!problems.isEmpty()) {
      throw new ConfigurationError(problems);
    }
  }

  private void checkPort(List<String> problems, String name) {
    get(name)
        .ifPresent(
            p -> {
              if (!p.matches("\\d{1,5}")
                  || Integer.parseInt(p) < 1
                  || Integer.parseInt(p) > 65535) {
                problems.add(name + " must be a port number (1-65535), not '" + p + "'");
              }
            });
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  /** An address range's prefix length fits its family: up to 32 (IPv4) or 128 (IPv6). */
  private static boolean prefixFits(String range) {
    int slash = range.indexOf('/');
    return slash < 0
        || Integer.parseInt(range.substring(slash + 1)) <= (range.contains(":") ? 128 : 32);
  }
}
