package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of everything the API manages, owned by "team A", plus the people and credentials that act on
 * it: an agent of team A, an agent of team B, an admin, API tokens of every scope, and two visitors
 * of team A's inbox (one with a conversation). The generated suites (robustness, access matrix)
 * fill every path template of the OpenAPI document from it.
 */
public final class ApiWorld {

  /** A 1x1 PNG. */
  public static final byte[] PNG =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

  public static final String[] SCOPES = {
    "tickets:read", "tickets:write", "kb:read", "kb:write", "events:read", "reports:read", "admin"
  };

  public final ChatFixture chat;
  public final long teamA;
  public final long teamB;
  public final Parley.User agentA;
  public final Parley.User agentB;
  public final Parley.User admin;
  public final Parley.User subject;
  public final String agentAToken;
  public final String agentBToken;
  public final String adminToken;
  public final Map<String, String> apiTokens = new LinkedHashMap<>();
  public final String visitorToken;
  public final String otherVisitorToken;
  public final long conversation;
  public final long ticket;
  public final long ticketAttachment;
  public final long chatAttachment;
  public final long article;
  public final long publishedArticle;
  public final long topic;
  public final long canned;
  public final long contact;
  public final long ticketField;
  public final long apiTokenId;
  public final long decision;
  public final long gap;
  public final long webhook;
  public final long webhookDelivery;

  private ApiWorld() throws Exception {
    chat = ChatFixture.create("manual");
    teamA = chat.teamId;
    teamB = TicketFixture.newTeam();
    require(
        Parley.call(
            "PUT",
            "/api/v1/teams/" + teamA + "/business-hours",
            Parley.admin(),
            "{\"timeZone\":\"Europe/Berlin\",\"weekly\":{\"monday\":[[\"09:00\",\"17:00\"]]}}"));
    agentA = chat.agent();
    agentB = Parley.newUser("agent");
    TicketFixture.join(teamB, agentB);
    admin = Parley.newUser("admin");
    subject = Parley.newUser("agent");
    agentAToken = agentA.login();
    agentBToken = agentB.login();
    adminToken = admin.login();
    for (String scope : SCOPES) {
      apiTokens.put(scope, Parley.newApiToken(scope));
    }
    visitorToken = chat.visitorToken();
    otherVisitorToken = chat.visitorToken();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      conversation =
          ChatFixture.start(visitor, "My order never arrived", null)
              .getJsonNumber("id")
              .longValue();
    }
    require(Parley.post("/api/v1/conversations/" + conversation + "/claim", agentAToken, null));
    chatAttachment =
        uploadAsVisitor().json().getJsonObject("attachment").getJsonNumber("id").longValue();

    Parley.Reply t =
        Parley.post(
            "/api/v1/tickets",
            agentAToken,
            Json.createObjectBuilder()
                .add("subject", "World ticket " + Parley.unique())
                .add("description", "Owned by team A")
                .add(
                    "requester",
                    Json.createObjectBuilder()
                        .add("name", "Req")
                        .add("email", "req-" + Parley.unique() + "@example.com"))
                .add("team", teamA)
                .build()
                .toString());
    ticket = id(require(t));
    ticketAttachment =
        id(
            require(
                Parley.upload(
                    "/api/v1/tickets/" + ticket + "/attachments?name=note.txt",
                    agentAToken,
                    "hello".getBytes(StandardCharsets.UTF_8),
                    "text/plain")));
    article =
        id(
            require(
                Parley.post(
                    "/api/v1/articles",
                    adminToken,
                    "{\"title\":\"World article "
                        + Parley.unique()
                        + "\",\"body\":\"How returns work.\",\"status\":\"draft\"}")));
    publishedArticle =
        id(
            require(
                Parley.post(
                    "/api/v1/articles",
                    adminToken,
                    "{\"title\":\"World help "
                        + Parley.unique()
                        + "\",\"body\":\"How refunds work.\",\"status\":\"published\"}")));
    topic =
        id(
            require(
                Parley.post(
                    "/api/v1/topics",
                    adminToken,
                    "{\"name\":\"world-"
                        + Parley.unique()
                        + "\",\"inbox\":"
                        + chat.inboxId
                        + ",\"examples\":[\"where is my parcel\",\"my order is late\"]}")));
    canned =
        id(
            require(
                Parley.post(
                    "/api/v1/canned-responses",
                    adminToken,
                    "{\"shortcut\":\"w"
                        + Parley.unique().replaceAll("[^a-z0-9]", "")
                        + "\",\"title\":\"Hello\",\"body\":\"Hello {{visitor.name|there}}\"}")));
    contact =
        id(
            require(
                Parley.post(
                    "/api/v1/contacts",
                    agentAToken,
                    "{\"name\":\"World contact\",\"email\":\"wc-"
                        + Parley.unique()
                        + "@example.com\"}")));
    ticketField =
        id(
            require(
                Parley.post(
                    "/api/v1/ticket-fields",
                    adminToken,
                    "{\"key\":\"w_"
                        + Parley.unique().replaceAll("[^a-z0-9]", "")
                        + "\",\"label\":\"World\",\"type\":\"text\"}")));
    Parley.newApiToken("kb:read"); // a spare one, for the operations on /api-tokens/{id}
    JsonArray tokens = Parley.get("/api/v1/api-tokens", adminToken).array();
    apiTokenId =
        tokens.stream()
            .mapToLong(token -> token.asJsonObject().getJsonNumber("id").longValue())
            .max()
            .orElseThrow();
    decision = firstDecision();
    // a webhook that is off (no event goes to it) to a reserved address (a test event is refused
    // at once): a delivery in its log without a receiver
    webhook =
        id(
            require(
                Parley.post(
                    "/api/v1/webhooks",
                    adminToken,
                    "{\"url\":\"http://192.0.2.1/hook\",\"eventTypes\":[\"*\"],\"enabled\":false}")));
    webhookDelivery =
        id(require(Parley.post("/api/v1/webhooks/" + webhook + "/test", adminToken, null)));
    JsonArray gaps = Parley.get("/api/v1/knowledge/gaps", adminToken).array();
    gap = gaps.isEmpty() ? 1 : gaps.getJsonObject(0).getJsonNumber("id").longValue();
  }

  private Parley.Reply uploadAsVisitor() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            Parley.baseUrl()
                                + "/api/v1/widget/conversations/"
                                + conversation
                                + "/attachments?name=photo.png&id="
                                + ChatFixture.clientId()))
                    .header("Authorization", "Bearer " + visitorToken)
                    .header("Origin", ChatFixture.ORIGIN)
                    .header("X-Forwarded-For", Parley.someAddress())
                    .header("Content-Type", "image/png")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(PNG))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return require(new Parley.Reply(response.statusCode(), response.body(), response));
  }

  public static ApiWorld create() {
    try {
      return new ApiWorld();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long firstDecision() {
    Parley.Reply suggested =
        Parley.post(
            "/api/v1/conversations/" + conversation + "/assist/suggestions", agentAToken, null);
    if (suggested.status() == 200) {
      JsonArray list = suggested.json().getJsonArray("suggestions");
      if (list != null && !list.isEmpty()) {
        return list.getJsonObject(0).getJsonNumber("id").longValue();
      }
    }
    return 1;
  }

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

  /** A path template of the API with every parameter filled with team A's objects. */
  public String fill(String template) {
    Matcher m = PARAM.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String before = template.substring(0, m.start());
      m.appendReplacement(out, Matcher.quoteReplacement(valueFor(m.group(1), before)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String valueFor(String name, String before) {
    String collection = before.replaceAll("/+$", "");
    collection = collection.substring(collection.lastIndexOf('/') + 1);
    return switch (name) {
      case "userId" -> Long.toString(subject.id());
      case "attachmentId" ->
          Long.toString(before.contains("/tickets/") ? ticketAttachment : chatAttachment);
      case "articleId" -> Long.toString(publishedArticle);
      case "priority" -> "normal";
      case "tag" -> "world";
      case "report" -> "conversations";
      case "path" -> "conversations/" + conversation + "/attachments";
      default ->
          Long.toString(
              switch (collection) {
                case "tickets" -> ticket;
                case "articles" -> article;
                case "conversations" -> conversation;
                case "inboxes" -> chat.inboxId;
                case "teams" -> teamA;
                case "users" -> subject.id();
                case "api-tokens" -> apiTokenId;
                case "topics" -> topic;
                case "canned-responses" -> canned;
                case "contacts" -> contact;
                case "ticket-fields" -> ticketField;
                case "ai-decisions" -> decision;
                case "gaps" -> gap;
                case "webhooks" -> webhook;
                case "deliveries" -> webhookDelivery;
                case "agents" -> agentA.id();
                default -> 1L;
              });
    };
  }

  private static Parley.Reply require(Parley.Reply reply) {
    if (reply.status() / 100 != 2) {
      throw new AssertionError("setting up the world failed: " + reply);
    }
    return reply;
  }

  private static long id(Parley.Reply reply) {
    JsonValue id = reply.json().get("id");
    if (id == null) {
      throw new AssertionError("no id in " + reply);
    }
    return ((jakarta.json.JsonNumber) id).longValue();
  }

  /** Parley's OpenAPI document. */
  public static JsonObject openApi() {
    Parley.Reply reply = Parley.get("/openapi?format=JSON", null);
    if (reply.status() != 200) {
      throw new AssertionError("no OpenAPI document: " + reply.status());
    }
    return reply.json();
  }
}
