package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A black-box client of the Parley server the build started ({@code parley.base.url}). Each test
 * makes its own users, teams and tokens with unique names, so tests do not depend on each other.
 */
public final class Parley {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static volatile String adminToken;

  private Parley() {}

  public static String baseUrl() {
    return System.getProperty("parley.base.url", "http://localhost:19080");
  }

  public static Path serverDir() {
    return Path.of(
        System.getProperty("parley.server.dir", "target/liberty/wlp/usr/servers/parley-it"));
  }

  /** A response with its body parsed when it is JSON. */
  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return (JsonObject) parse();
    }

    public JsonArray array() {
      return (JsonArray) parse();
    }

    private JsonStructure parse() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.read();
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public static Reply call(
      String method, String path, String token, String jsonBody, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Posts raw bytes (a file upload). */
  public static Reply upload(String path, String token, byte[] content, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(content))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Reply get(String path, String token) {
    return call("GET", path, token, null);
  }

  public static Reply post(String path, String token, String json) {
    return call("POST", path, token, json);
  }

  /**
   * A client address of its own (sent as X-Forwarded-For, which the test server trusts): each
   * visitor or caller of anonymous endpoints comes from somewhere else, as on the internet, so
   * per-address limits do not couple tests.
   */
  public static String someAddress() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  /** A unique suffix for names and emails. */
  public static String unique() {
    return Long.toString(System.currentTimeMillis(), 36)
        + SEQUENCE.incrementAndGet()
        + UUID.randomUUID().toString().substring(0, 4);
  }

  /** Signs in; returns the session token, failing the test on anything but 200. */
  public static String login(String email, String password) {
    Reply reply = post("/api/v1/auth/login", null, credentials(email, password));
    if (reply.status() != 200) {
      throw new AssertionError("login of " + email + " failed: " + reply);
    }
    return reply.json().getString("token");
  }

  public static String credentials(String email, String password) {
    return Json.createObjectBuilder()
        .add("email", email)
        .add("password", password)
        .build()
        .toString();
  }

  /** The first-start admin's one-time password, read from the server log as an operator would. */
  public static String firstAdminPassword() {
    Pattern line = Pattern.compile("created admin (\\S+) with one-time password (\\S+)");
    try {
      Path log = serverDir().resolve("logs").resolve("messages.log");
      Matcher matcher = line.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (!matcher.find()) {
        throw new AssertionError("no one-time admin password in " + log);
      }
      return matcher.group(2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A session of the first-start admin (the bootstrap account). The first call does what an
   * operator does on a new installation: signs in with the one-time password from the log (a
   * session that may only change it), sets a password, and signs in again.
   */
  public static synchronized String admin() {
    if (adminToken == null) {
      String oneTime = firstAdminPassword();
      String restricted = login(ADMIN_EMAIL, oneTime);
      adminPassword = "admin-" + UUID.randomUUID();
      Reply changed =
          call(
              "PUT",
              "/api/v1/me/password",
              restricted,
              Json.createObjectBuilder()
                  .add("currentPassword", oneTime)
                  .add("newPassword", adminPassword)
                  .build()
                  .toString());
      if (changed.status() != 204) {
        throw new AssertionError("setting the first admin's password failed: " + changed);
      }
      adminToken = login(ADMIN_EMAIL, adminPassword);
    }
    return adminToken;
  }

  /** A new session of the first-start admin (for tests that end their own session). */
  public static String newAdminSession() {
    admin();
    return login(ADMIN_EMAIL, adminPassword);
  }

  public static final String ADMIN_EMAIL = "admin@parley.local";
  private static volatile String adminPassword;

  /** A staff user this test created. */
  public record User(long id, String email, String password) {
    public String login() {
      return Parley.login(email, password);
    }
  }

  public static User newUser(String role) {
    String email = role + "-" + unique() + "@example.com";
    String password = "pw-" + UUID.randomUUID();
    JsonObject body =
        Json.createObjectBuilder()
            .add("email", email)
            .add("displayName", "Test " + role)
            .add("role", role)
            .add("password", password)
            .build();
    Reply reply = post("/api/v1/users", admin(), body.toString());
    if (reply.status() != 201) {
      throw new AssertionError("creating a user failed: " + reply);
    }
    return new User(
        reply.json().getJsonObject("user").getJsonNumber("id").longValue(), email, password);
  }

  /** An API token with the given scopes; returns its secret. */
  public static String newApiToken(String... scopes) {
    return newNamedApiToken("it-" + unique(), scopes);
  }

  /** An API token of a given name (as lists show it) with the given scopes; returns its secret. */
  public static String newNamedApiToken(String name, String... scopes) {
    var array = Json.createArrayBuilder();
    for (String scope : scopes) {
      array.add(scope);
    }
    Reply reply =
        post(
            "/api/v1/api-tokens",
            admin(),
            Json.createObjectBuilder().add("name", name).add("scopes", array).build().toString());
    if (reply.status() != 201) {
      throw new AssertionError("creating an API token failed: " + reply);
    }
    return reply.json().getString("token");
  }
}
