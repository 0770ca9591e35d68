package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ApiWorld;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.GlobalState;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ID-4, ID-8: every operation of the API against every kind of caller, generated from the OpenAPI
 * document. Each operation's rule is declared once below (who may call it; objects belong to team
 * A); an operation without a rule fails the test. A caller outside the rule must get 401, 403 or
 * 404 (never a success); a caller inside it must not be refused (and a read must succeed). The chat
 * protocol's conversation actions are checked the same way over WebSockets.
 */
class AccessMatrixIT {

  // the kinds of caller
  private static final String ANON = "anonymous";
  private static final String VISITOR = "visitor";
  private static final String OTHER_VISITOR = "other visitor";
  private static final String AGENT_A = "agent of team A";
  private static final String AGENT_B = "agent of team B";
  private static final String ADMIN = "admin";
  private static final String T_TICKETS_READ = "token tickets:read";
  private static final String T_TICKETS_WRITE = "token tickets:write";
  private static final String T_KB_READ = "token kb:read";
  private static final String T_KB_WRITE = "token kb:write";
  private static final String T_EVENTS = "token events:read";
  private static final String T_REPORTS = "token reports:read";
  private static final String T_ADMIN = "token admin";

  private static final List<String> CALLERS =
      List.of(
          ANON,
          VISITOR,
          OTHER_VISITOR,
          AGENT_A,
          AGENT_B,
          ADMIN,
          T_TICKETS_READ,
          T_TICKETS_WRITE,
          T_KB_READ,
          T_KB_WRITE,
          T_EVENTS,
          T_REPORTS,
          T_ADMIN);
  private static final Set<String> EVERYONE = Set.copyOf(CALLERS);
  private static final Set<String> STAFF = Set.of(AGENT_A, AGENT_B, ADMIN);
  private static final Set<String> TEAM_A = Set.of(AGENT_A, ADMIN);
  private static final Set<String> ALL_TOKENS =
      Set.of(T_TICKETS_READ, T_TICKETS_WRITE, T_KB_READ, T_KB_WRITE, T_EVENTS, T_REPORTS, T_ADMIN);

  /** The declared rule of every operation: who may call it. */
  private static final Map<String, Set<String>> RULES = new LinkedHashMap<>();

  private static void rule(String operation, Set<String> users, String... tokens) {
    Set<String> allowed = new LinkedHashSet<>(users);
    allowed.addAll(List.of(tokens));
    if (RULES.put(operation, allowed) != null) {
      throw new IllegalStateException("two rules for " + operation);
    }
  }

  static {
    String v = "/api/v1";
    rule("GET " + v + "/agents/{id}/chat", STAFF, T_ADMIN);
    rule("PUT " + v + "/agents/{id}/chat/capacity", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/ai-decisions/usage", Set.of(ADMIN), T_ADMIN);
    rule("POST " + v + "/ai-decisions/{id}/outcome", TEAM_A);
    rule("POST " + v + "/ai-decisions/{id}/rating", TEAM_A);
    rule("GET " + v + "/api-tokens", Set.of(ADMIN));
    rule("POST " + v + "/api-tokens", Set.of(ADMIN));
    rule("GET " + v + "/api-tokens/{id}", Set.of(ADMIN));
    rule("DELETE " + v + "/api-tokens/{id}", Set.of(ADMIN));
    rule("GET " + v + "/articles", STAFF, T_KB_READ, T_KB_WRITE);
    rule("POST " + v + "/articles", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("POST " + v + "/articles/files", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("POST " + v + "/articles/batch", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("GET " + v + "/articles/batch", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("GET " + v + "/articles/imports", Set.of(ADMIN));
    rule("POST " + v + "/articles/imports", Set.of(ADMIN));
    rule("GET " + v + "/articles/{id}", STAFF, T_KB_READ, T_KB_WRITE);
    rule("PATCH " + v + "/articles/{id}", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("DELETE " + v + "/articles/{id}", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("POST " + v + "/articles/{id}/ingestion", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("GET " + v + "/articles/{id}/revisions", STAFF, T_KB_READ, T_KB_WRITE);
    rule("POST " + v + "/auth/login", EVERYONE);
    rule("POST " + v + "/auth/logout", STAFF);
    rule("POST " + v + "/auth/password-resets", EVERYONE);
    rule("GET " + v + "/canned-responses", STAFF, T_ADMIN);
    rule("POST " + v + "/canned-responses", Set.of(ADMIN), T_ADMIN);
    rule("PATCH " + v + "/canned-responses/{id}", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/canned-responses/{id}", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/canned-responses/{id}/render", TEAM_A);
    rule("GET " + v + "/contacts", STAFF, T_TICKETS_READ, T_TICKETS_WRITE);
    rule("POST " + v + "/contacts", STAFF, T_TICKETS_WRITE);
    rule("GET " + v + "/contacts/{id}", STAFF, T_TICKETS_READ, T_TICKETS_WRITE);
    rule("PATCH " + v + "/contacts/{id}", STAFF, T_TICKETS_WRITE);
    rule("GET " + v + "/conversations", STAFF);
    rule("GET " + v + "/conversations/attachments/{attachmentId}", TEAM_A);
    for (String op :
        List.of(
            "GET {id}",
            "GET {id}/messages",
            "POST {id}/messages",
            "POST {id}/claim",
            "POST {id}/transfer",
            "POST {id}/close",
            "POST {id}/reopen",
            "POST {id}/escalate",
            "POST {id}/hand-back",
            "POST {id}/attachments",
            "GET {id}/visitor-conversations",
            "POST {id}/assist/suggestions",
            "POST {id}/assist/summary")) {
      String[] parts = op.split(" ");
      rule(parts[0] + " " + v + "/conversations/" + parts[1], TEAM_A);
    }
    rule("GET " + v + "/conversations/{id}/assist/decisions", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/inboxes", STAFF, T_ADMIN);
    rule("POST " + v + "/inboxes", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/inboxes/{id}", TEAM_A, T_ADMIN);
    rule("PATCH " + v + "/inboxes/{id}", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/inboxes/{id}", Set.of(ADMIN), T_ADMIN);
    rule("POST " + v + "/inboxes/{id}/widget-key", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/inboxes/{id}/snippet", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/inboxes/{id}/identity-secret", Set.of(ADMIN));
    rule("POST " + v + "/inboxes/{id}/identity-secret", Set.of(ADMIN));
    rule("GET " + v + "/knowledge/gaps", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("POST " + v + "/knowledge/gaps/{id}/draft", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("GET " + v + "/knowledge/ingestion", Set.of(ADMIN), T_KB_WRITE, T_ADMIN);
    rule("GET " + v + "/knowledge/search", STAFF, T_KB_READ, T_KB_WRITE);
    Set<String> meCallers = new LinkedHashSet<>(STAFF);
    meCallers.addAll(ALL_TOKENS);
    rule("GET " + v + "/me", meCallers);
    rule("PUT " + v + "/me/password", STAFF);
    rule("GET " + v + "/ping", EVERYONE);
    rule("GET " + v + "/prompts", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/signing-keys", Set.of(ADMIN), T_ADMIN);
    rule("POST " + v + "/signing-keys/rotate", Set.of(ADMIN));
    rule("POST " + v + "/signing-keys/retire-old", Set.of(ADMIN));
    rule("GET " + v + "/sla-policies", STAFF, T_TICKETS_READ, T_TICKETS_WRITE, T_ADMIN);
    rule("PUT " + v + "/sla-policies/{priority}", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/teams", STAFF, T_ADMIN);
    rule("POST " + v + "/teams", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/teams/{id}", STAFF, T_ADMIN);
    rule("PATCH " + v + "/teams/{id}", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/teams/{id}", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/teams/{id}/business-hours", STAFF, T_ADMIN);
    rule("PUT " + v + "/teams/{id}/business-hours", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/teams/{id}/business-hours", Set.of(ADMIN), T_ADMIN);
    rule("PUT " + v + "/teams/{id}/members/{userId}", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/teams/{id}/members/{userId}", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/ticket-fields", STAFF, T_TICKETS_READ, T_TICKETS_WRITE, T_ADMIN);
    rule("POST " + v + "/ticket-fields", Set.of(ADMIN), T_ADMIN);
    rule("PATCH " + v + "/ticket-fields/{id}", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/tickets", STAFF, T_TICKETS_READ, T_TICKETS_WRITE);
    rule("POST " + v + "/tickets", STAFF, T_TICKETS_WRITE);
    rule("POST " + v + "/tickets/bulk", STAFF, T_TICKETS_WRITE); // per ticket: see bulk()
    rule("GET " + v + "/tickets/{id}", TEAM_A, T_TICKETS_READ, T_TICKETS_WRITE);
    rule("PATCH " + v + "/tickets/{id}", TEAM_A, T_TICKETS_WRITE);
    rule("GET " + v + "/tickets/{id}/comments", TEAM_A, T_TICKETS_READ, T_TICKETS_WRITE);
    rule("POST " + v + "/tickets/{id}/comments", TEAM_A, T_TICKETS_WRITE);
    rule("POST " + v + "/tickets/{id}/attachments", TEAM_A, T_TICKETS_WRITE);
    rule(
        "GET " + v + "/tickets/{id}/attachments/{attachmentId}",
        TEAM_A,
        T_TICKETS_READ,
        T_TICKETS_WRITE);
    rule("GET " + v + "/tickets/{id}/audit", TEAM_A, T_TICKETS_READ, T_TICKETS_WRITE);
    rule("POST " + v + "/tickets/{id}/merge", TEAM_A, T_TICKETS_WRITE);
    rule("PUT " + v + "/tickets/{id}/tags", TEAM_A, T_TICKETS_WRITE);
    rule("POST " + v + "/tickets/{id}/tags", TEAM_A, T_TICKETS_WRITE);
    rule("DELETE " + v + "/tickets/{id}/tags/{tag}", TEAM_A, T_TICKETS_WRITE);
    rule("GET " + v + "/topics", STAFF, T_ADMIN);
    rule("POST " + v + "/topics", Set.of(ADMIN), T_ADMIN);
    rule("POST " + v + "/topics/classify", STAFF, T_ADMIN);
    rule("PUT " + v + "/topics/{id}", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/topics/{id}", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/topics/model", Set.of(ADMIN), T_ADMIN);
    rule("PUT " + v + "/topics/model/rule", Set.of(ADMIN), T_ADMIN);
    rule("DELETE " + v + "/topics/model/rule", Set.of(ADMIN), T_ADMIN);
    rule("POST " + v + "/topics/import", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/users", Set.of(ADMIN), T_ADMIN);
    rule("POST " + v + "/users", Set.of(ADMIN));
    rule("GET " + v + "/users/{id}", Set.of(ADMIN), T_ADMIN);
    rule("PATCH " + v + "/users/{id}", Set.of(ADMIN));
    rule("POST " + v + "/users/{id}/password-reset", Set.of(ADMIN));
    rule("DELETE " + v + "/users/{id}/sessions", Set.of(ADMIN));
    rule("GET " + v + "/widget/attachments/{attachmentId}", Set.of(VISITOR));
    rule("POST " + v + "/widget/conversations/{id}/attachments", Set.of(VISITOR));
    rule("GET " + v + "/widget/articles/{articleId}", Set.of(VISITOR, OTHER_VISITOR));
    rule("GET " + v + "/widget/conversations/{id}/messages", Set.of(VISITOR));
    rule("POST " + v + "/widget/sessions", EVERYONE);
    rule("OPTIONS " + v + "/widget/sessions", EVERYONE);
    rule("OPTIONS " + v + "/widget/{path}", EVERYONE);
    rule("GET " + v + "/events", Set.of(ADMIN), T_EVENTS, T_ADMIN);
    rule("GET " + v + "/events/consumers", Set.of(ADMIN), T_ADMIN);
    rule("GET " + v + "/reports/{report}", Set.of(ADMIN), T_REPORTS, T_ADMIN);
    rule("GET " + v + "/reports/overview", Set.of(ADMIN), T_REPORTS, T_ADMIN);
    for (String op :
        List.of(
            "GET /webhooks",
            "POST /webhooks",
            "GET /webhooks/{id}",
            "PUT /webhooks/{id}",
            "DELETE /webhooks/{id}",
            "POST /webhooks/{id}/secret",
            "POST /webhooks/{id}/test",
            "GET /webhooks/{id}/deliveries",
            "GET /webhooks/{id}/deliveries/{delivery}",
            "POST /webhooks/{id}/deliveries/{delivery}/redeliver",
            "POST /webhooks/{id}/replay")) {
      String[] parts = op.split(" ");
      rule(parts[0] + " " + v + parts[1], Set.of(ADMIN), T_ADMIN);
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ApiWorld world;
  private final List<String> violations = new ArrayList<>();
  private int requests;

  private record Operation(String method, String template, JsonObject spec) {
    String key() {
      return method + " " + template;
    }
  }

  @Test
  void everyOperationAnswersOnlyTheCallersItsRuleAllows() {
    try (GlobalState restored = GlobalState.snapshot()) {
      matrix();
    }
  }

  private void matrix() {
    world = ApiWorld.create();
    JsonObject paths = ApiWorld.openApi().getJsonObject("paths");
    List<Operation> operations = new ArrayList<>();
    Set<String> undeclared = new TreeSet<>();
    for (String template : paths.keySet()) {
      for (String method : paths.getJsonObject(template).keySet()) {
        Operation op =
            new Operation(
                method.toUpperCase(),
                template,
                paths.getJsonObject(template).getJsonObject(method));
        if (!RULES.containsKey(op.key())) {
          undeclared.add(op.key());
        }
        operations.add(op);
      }
    }
    assertEquals(Set.of(), undeclared, "operations without a declared access rule");
    Set<String> stale = new TreeSet<>(RULES.keySet());
    operations.forEach(op -> stale.remove(op.key()));
    assertEquals(Set.of(), stale, "rules for operations that no longer exist");

    // first everything that must be refused (it changes nothing), then what is allowed, reads
    // first and the destructive last, so each call meets the world intact
    for (Operation op : operations) {
      for (String caller : CALLERS) {
        if (!RULES.get(op.key()).contains(caller)) {
          denied(op, caller);
        }
      }
    }
    operations.sort(Comparator.comparingInt(AccessMatrixIT::phase));
    for (Operation op : operations) {
      for (String caller : CALLERS) {
        if (RULES.get(op.key()).contains(caller)) {
          allowed(op, caller);
        }
      }
    }
    assertTrue(requests > 700, "only " + requests + " requests");
    assertEquals(
        List.of(), violations, violations.size() + " of " + requests + " calls broke their rule");
  }

  private static int phase(Operation op) {
    if (op.template().contains("signing-keys/") || op.template().endsWith("/auth/logout")) {
      return 4;
    }
    return switch (op.method()) {
      case "GET", "OPTIONS" -> 0;
      case "DELETE" ->
          op.template().endsWith("/teams/{id}") || op.template().endsWith("/inboxes/{id}") ? 3 : 2;
      default -> 1;
    };
  }

  private void denied(Operation op, String caller) {
    Answer answer = call(op, caller);
    if (answer.status() != 401 && answer.status() != 403 && answer.status() != 404) {
      violations.add(op.key() + " as " + caller + " -> " + answer + " (must be refused)");
    }
  }

  private void allowed(Operation op, String caller) {
    Answer answer = call(op, caller);
    if (answer.status() == 401 || answer.status() == 403) {
      violations.add(op.key() + " as " + caller + " -> " + answer + " (the rule allows it)");
    } else if (op.method().equals("GET") && answer.status() / 100 != 2) {
      violations.add(op.key() + " as " + caller + " -> " + answer + " (a read must succeed)");
    }
    if (op.key().equals("POST /api/v1/tickets/bulk") && caller.equals(AGENT_B)) {
      // the endpoint is open to agents; each ticket is checked: team A's is not found for B
      if (!answer.body().contains("\"status\":404")) {
        violations.add("bulk change of team A's ticket as " + caller + " -> " + answer);
      }
    }
  }

  private record Answer(int status, String body) {
    @Override
    public String toString() {
      return status + " " + (body.length() > 160 ? body.substring(0, 160) + "..." : body);
    }
  }

  private Answer call(Operation op, String caller) {
    requests++;
    String path = world.fill(op.template()) + query(op);
    String token = token(caller, op);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(Parley.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Forwarded-For", Parley.someAddress())
            .header("Origin", ChatFixture.ORIGIN);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    String type = mediaType(op.spec());
    String body = type == null ? null : body(op, type);
    request.method(
        op.method(),
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : type.contains("json")
                ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                : HttpRequest.BodyPublishers.ofByteArray(ApiWorld.PNG));
    if (body != null) {
      request.header("Content-Type", type);
    }
    try {
      if (op.template().endsWith("/knowledge/ingestion")) {
        HttpResponse<InputStream> stream =
            HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        stream.body().close(); // a server-sent event stream: the status is what matters
        return new Answer(stream.statusCode(), "(event stream)");
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (Exception e) {
      return new Answer(-1, e.toString());
    }
  }

  private String token(String caller, Operation op) {
    if (op.key().equals("POST /api/v1/auth/logout") && STAFF.contains(caller)) {
      // a session of its own, so the matrix does not end the sessions it still needs
      return switch (caller) {
        case AGENT_A -> world.agentA.login();
        case AGENT_B -> world.agentB.login();
        default -> world.admin.login();
      };
    }
    return switch (caller) {
      case ANON -> null;
      case VISITOR -> world.visitorToken;
      case OTHER_VISITOR -> world.otherVisitorToken;
      case AGENT_A -> world.agentAToken;
      case AGENT_B -> world.agentBToken;
      case ADMIN -> world.adminToken;
      case T_TICKETS_READ -> world.apiTokens.get("tickets:read");
      case T_TICKETS_WRITE -> world.apiTokens.get("tickets:write");
      case T_KB_READ -> world.apiTokens.get("kb:read");
      case T_KB_WRITE -> world.apiTokens.get("kb:write");
      case T_EVENTS -> world.apiTokens.get("events:read");
      case T_REPORTS -> world.apiTokens.get("reports:read");
      case T_ADMIN -> world.apiTokens.get("admin");
      default -> throw new IllegalArgumentException(caller);
    };
  }

  private String query(Operation op) {
    String t = op.template();
    if (t.endsWith("/render")) {
      return "?conversation=" + world.conversation;
    }
    if (t.endsWith("/widget/conversations/{id}/messages")) {
      return "?before=1000000";
    }
    if (t.endsWith("/knowledge/search")) {
      return "?q=returns";
    }
    if (t.endsWith("/articles/batch") && op.method().equals("GET")) {
      return "?ids=" + world.publishedArticle;
    }
    if (t.endsWith("/attachments") && op.method().equals("POST")) {
      return "?name=photo.png&id=" + ChatFixture.clientId();
    }
    if (t.endsWith("/articles/files")) {
      return "?name=guide.md";
    }
    return "";
  }

  private static String mediaType(JsonObject spec) {
    if (!spec.containsKey("requestBody")) {
      return null;
    }
    JsonObject content = spec.getJsonObject("requestBody").getJsonObject("content");
    if (content.containsKey("application/json")) {
      return "application/json";
    }
    String first = content.keySet().iterator().next();
    return first.equals("*/*") ? "image/png" : first;
  }

  private String body(Operation op, String type) {
    if (!type.contains("json")) {
      return "(the PNG)";
    }
    String t = op.template();
    if (t.endsWith("/tags")) {
      return "[\"matrix\"]";
    }
    if (t.endsWith("/tickets/bulk")) {
      return "{\"ids\":[" + world.ticket + "],\"changes\":{\"priority\":\"high\"}}";
    }
    if (t.endsWith("/messages")) {
      return "{\"id\":\"" + ChatFixture.clientId() + "\",\"text\":\"matrix\"}";
    }
    if (t.endsWith("/auth/login")) {
      return Parley.credentials(world.subject.email(), world.subject.password());
    }
    if (t.endsWith("/outcome")) {
      return "{\"outcome\":\"dismissed\"}";
    }
    if (t.endsWith("/rating")) {
      return "{\"rating\":1}";
    }
    if (t.endsWith("/transfer")) {
      return "{\"team\":" + world.teamA + "}";
    }
    if (t.endsWith("/auth/password-resets")) {
      return "{\"email\":\"nobody-" + Parley.unique() + "@example.com\"}";
    }
    if (t.endsWith("/widget/sessions")) {
      return "{\"widgetKey\":\"" + world.chat.widgetKey + "\"}";
    }
    JsonObject spec = op.spec().getJsonObject("requestBody").getJsonObject("content");
    for (String media : spec.keySet()) {
      JsonObject m = spec.getJsonObject(media);
      if (m.containsKey("examples")) {
        JsonObject examples = m.getJsonObject("examples");
        return examples.getJsonObject(examples.keySet().iterator().next()).get("value").toString();
      }
    }
    return "{}";
  }

  // ---- the chat protocol ------------------------------------------------------------------------

  private static final Pattern CLIENT_TYPE =
      Pattern.compile("^\\| `([a-z]+)` \\| (all|visitor|staff) \\| ([^|]*)\\|", Pattern.MULTILINE);

  /**
   * CH-6: the documented client messages that name a conversation, sent by participants it does not
   * belong to (another visitor of the same inbox, an agent of another team), are refused with an
   * error, never acknowledged; and each socket refuses the other kind's credentials.
   */
  @Test
  void chatActionsOnAnotherOnesConversationAreRefused() throws Exception {
    world = ApiWorld.create();
    String protocol = Files.readString(Path.of("docs/chat-protocol.md"), StandardCharsets.UTF_8);
    Map<String, String> types = new LinkedHashMap<>();
    Matcher m = CLIENT_TYPE.matcher(protocol);
    while (m.find()) {
      if (m.group(3).contains("conversation")) {
        types.put(m.group(1), m.group(2));
      }
    }
    assertTrue(
        types.keySet().containsAll(List.of("send", "close", "claim", "watch", "rate")),
        types.toString());

    List<String> refusedWrongly = new ArrayList<>();
    try (ChatClient stranger =
            ChatClient.visitor(Parley.baseUrl(), world.otherVisitorToken, ChatFixture.ORIGIN);
        ChatClient outsider = ChatClient.staff(Parley.baseUrl(), world.agentBToken)) {
      stranger.next("welcome");
      outsider.next("welcome");
      for (Map.Entry<String, String> type : types.entrySet()) {
        if (!type.getValue().equals("staff")) {
          expectRefusal(stranger, type.getKey(), "another visitor", refusedWrongly);
        }
        if (!type.getValue().equals("visitor")) {
          expectRefusal(outsider, type.getKey(), "an agent of team B", refusedWrongly);
        }
      }
    }
    assertEquals(List.of(), refusedWrongly);

    // each socket takes only its own kind of credential
    assertEquals(401, refusal(() -> ChatClient.staff(Parley.baseUrl(), world.visitorToken)));
    assertEquals(
        403, refusal(() -> ChatClient.staff(Parley.baseUrl(), world.apiTokens.get("admin"))));
    assertEquals(
        401,
        refusal(() -> ChatClient.visitor(Parley.baseUrl(), world.agentAToken, ChatFixture.ORIGIN)));
  }

  private void expectRefusal(
      ChatClient client, String type, String who, List<String> refusedWrongly)
      throws InterruptedException {
    String id = ChatFixture.clientId();
    JsonObjectBuilder envelope =
        Json.createObjectBuilder()
            .add("type", type)
            .add("id", id)
            .add("conversation", world.conversation)
            .add("text", "not yours")
            .add("seq", 1)
            .add("score", 5)
            .add("email", "x@example.com")
            .add("helped", true);
    if (type.equals("resume")) {
      envelope.add(
          "conversations", Json.createObjectBuilder().add(Long.toString(world.conversation), 0));
    }
    client.send(envelope.build());
    // the answer to this id, or for fire-and-forget types, a ping's pong proves nothing arrived
    String probe = ChatFixture.clientId();
    client.send(Json.createObjectBuilder().add("type", "ping").add("id", probe).build());
    JsonObject answer =
        client.next(
            e ->
                id.equals(e.getString("id", ""))
                    || "pong".equals(e.getString("type", ""))
                    || ("message".equals(e.getString("type", ""))
                        && e.getJsonNumber("conversation") != null
                        && e.getJsonNumber("conversation").longValue() == world.conversation),
            type + " answer");
    boolean leaked =
        "ack".equals(answer.getString("type", ""))
            || "message".equals(answer.getString("type", ""))
            || "synced".equals(answer.getString("type", ""));
    boolean refused =
        "error".equals(answer.getString("type", ""))
            && Set.of("not_found", "invalid", "conflict").contains(answer.getString("code", ""));
    boolean silent = "pong".equals(answer.getString("type", ""));
    if (!silent) {
      client.next("pong"); // the probe's answer: consumed, so the next type starts clean
    }
    if (leaked || !(refused || silent && Set.of("typing", "read", "unwatch").contains(type))) {
      refusedWrongly.add(type + " by " + who + " -> " + answer);
    }
  }

  interface Connect {
    ChatClient run() throws Exception;
  }

  private static int refusal(Connect connect) {
    try (ChatClient ignored = connect.run()) {
      return 101;
    } catch (CompletionException | java.util.concurrent.ExecutionException e) {
      return statusOf(e);
    } catch (Exception e) {
      return statusOf(e);
    }
  }

  private static int statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.http.WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
    }
    return -1;
  }
}
