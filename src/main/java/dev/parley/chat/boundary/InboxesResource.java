package dev.parley.chat.boundary;

import dev.parley.chat.control.Inboxes;
import dev.parley.chat.entity.AssignmentPolicy;
import dev.parley.chat.entity.Inbox;
import dev.parley.chat.entity.PreChatField;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.json.Texts;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Inboxes: admins configure them; agents read those of their teams. */
@Path("inboxes")
@Tag(name = "Inboxes")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class InboxesResource {

  @Inject Inboxes inboxes;

  @GET
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(summary = "List the inboxes you may work (admins: all)")
  public JsonArray list(@Context SecurityContext security) {
    JsonArrayBuilder array = Jsons.array();
    List<Inbox> visible =
        security.getUserPrincipal() != null && Views.caller(security).isUser()
            ? inboxes.visibleTo(Views.caller(security))
            : inboxes.all();
    visible.forEach(i -> array.add(view(i)));
    return array.build();
  }

  @GET
  @Path("{id}")
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(summary = "Get an inbox")
  public JsonObject get(@PathParam("id") long id, @Context SecurityContext security) {
    Inbox inbox =
        inboxes.find(id).orElseThrow(() -> Problem.notFound("No inbox " + id).exception());
    var caller = Views.caller(security);
    if (caller.isUser() && !Inboxes.mayWork(caller, inbox)) {
      throw Problem.notFound("No inbox " + id).exception();
    }
    return view(inbox);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create an inbox",
      description =
          "Body: name, allowedOrigins (e.g. [\"https://www.example.com\"]), teamIds, greeting,"
              + " offlineText, businessHours ({timeZone, weekly: {monday: [[\"09:00\",\"17:00\"]]},"
              + " holidays}), preChatFields ([{key, label, type: text|email|select, required,"
              + " options}]), maxAttachmentBytes, attachmentTypes, assignment (round_robin,"
              + " least_load, manual), bot (the bot answers first), botAnswerSimilarity (how alike"
              + " a passage must be for the bot to answer, 0 to 1; null: the installation's"
              + " parley.triage.answer-similarity), botHandoffText (what the bot says when it hands"
              + " over; null: the built-in words in the visitor's language). The widget key is"
              + " generated.")
  public Response create(JsonObject body, @Context UriInfo uri) {
    Inboxes.InboxSpec spec = spec(body, true);
    Boolean bot = bot(body);
    Inboxes.BotSettings botSettings = botSettings(body);
    Inbox inbox = inboxes.create(spec);
    if (bot != null) {
      inbox = inboxes.bot(inbox.id(), bot);
    }
    if (botSettings.changesAnything()) {
      inbox = inboxes.botSettings(inbox.id(), botSettings);
    }
    JsonObject created = view(inbox);
    return Response.created(
            uri.getAbsolutePathBuilder().path(created.getJsonNumber("id").toString()).build())
        .entity(created)
        .build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change an inbox (fields as on create; businessHours null means always open)")
  public JsonObject change(@PathParam("id") long id, JsonObject body) {
    Boolean bot = bot(body);
    Inboxes.BotSettings botSettings = botSettings(body);
    Inbox inbox = inboxes.change(id, spec(body, false));
    if (bot != null) {
      inbox = inboxes.bot(id, bot);
    }
    return view(botSettings.changesAnything() ? inboxes.botSettings(id, botSettings) : inbox);
  }

  /**
   * The bot's own settings in a body: botAnswerSimilarity (0 to 1, null: the default) and
   * botHandoffText (at most 2,000 characters, null or blank: the built-in words); absent keeps.
   */
  private static Inboxes.BotSettings botSettings(JsonObject body) {
    if (body == null) {
      return new Inboxes.BotSettings(false, null, false, null);
    }
    Problem problem = Problem.validation();
    Double similarity = null;
    boolean setsSimilarity = body.containsKey("botAnswerSimilarity");
    if (setsSimilarity && !body.isNull("botAnswerSimilarity")) {
      if (body.get("botAnswerSimilarity") instanceof JsonNumber n
          && n.doubleValue() >= 0
          && n.doubleValue() <= 1) {
        similarity = n.doubleValue();
      } else {
        problem.field(
            "botAnswerSimilarity", "must be a number from 0 to 1, or null for the default");
      }
    }
    boolean setsText = body.containsKey("botHandoffText");
    String text = text(body, "botHandoffText", 2000, problem);
    if (text != null && Texts.unstorable(text) != null) {
      problem.field("botHandoffText", Texts.unstorable(text));
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return new Inboxes.BotSettings(setsSimilarity, similarity, setsText, text);
  }

  /** The optional "bot" flag: whether the bot answers first in new conversations. */
  private static Boolean bot(JsonObject body) {
    if (body == null || !body.containsKey("bot")) {
      return null;
    }
    JsonValue value = body.get("bot");
    if (value == JsonValue.TRUE) {
      return true;
    }
    if (value == JsonValue.FALSE) {
      return false;
    }
    throw Problem.validation().field("bot", "must be true or false").exception();
  }

  @POST
  @Path("{id}/widget-key")
  @Operation(summary = "Replace the widget key; the old one stops working at once")
  public JsonObject rotateKey(@PathParam("id") long id) {
    return view(inboxes.rotateWidgetKey(id));
  }

  @Inject dev.parley.platform.config.Settings settings;

  /** How a website embeds an inbox's widget. */
  public record Snippet(
      String widgetKey, String script, String html, List<String> allowedOrigins) {}

  @GET
  @Path("{id}/snippet")
  @Operation(
      summary = "The snippet that puts this inbox's widget on a website",
      description =
          "One <script> tag (the widget key in data-widget-key) to paste before </body> on pages"
              + " of the inbox's allowed origins. The widget's JavaScript API is in the README.")
  public Snippet snippet(@PathParam("id") long id) {
    Inbox inbox =
        inboxes.find(id).orElseThrow(() -> Problem.notFound("No inbox " + id).exception());
    String script = settings.publicUrl() + "/widget/parley.js";
    return new Snippet(
        inbox.widgetKey(),
        script,
        "<script src=\""
            + script
            + "\" data-widget-key=\""
            + inbox.widgetKey()
            + "\" async></script>",
        List.copyOf(inbox.allowedOrigins()));
  }

  /** The secret a website signs its users' external ids with, and how. */
  public record IdentitySecret(String secret, String algorithm, String signs) {
    static IdentitySecret of(String secret) {
      return new IdentitySecret(secret, "HMAC-SHA256, hex", "externalId");
    }
  }

  @GET
  @Path("{id}/identity-secret")
  @Allowed(roles = Role.ADMIN)
  @Operation(
      summary = "The inbox's identity-verification secret (made on first request)",
      description =
          "The website's backend signs each signed-in user's external id with it,"
              + " hex(HMAC-SHA256(secret, externalId)), and gives the widget"
              + " Parley('identify', {externalId, name, email, signature}). Signed-in admins only:"
              + " API tokens cannot read it.")
  public IdentitySecret identitySecret(@PathParam("id") long id) {
    return IdentitySecret.of(inboxes.identitySecret(id));
  }

  @POST
  @Path("{id}/identity-secret")
  @Allowed(roles = Role.ADMIN)
  @Operation(
      summary = "Replace the identity-verification secret",
      description =
          "Signatures made with the old secret stop verifying at once: those visitors become"
              + " anonymous until the website signs with the new one.")
  public IdentitySecret rotateIdentitySecret(@PathParam("id") long id) {
    return IdentitySecret.of(inboxes.rotateIdentitySecret(id));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete an inbox that has no conversations")
  public Response delete(@PathParam("id") long id) {
    inboxes.delete(id);
    return Response.noContent().build();
  }

  static JsonObject view(Inbox i) {
    JsonArrayBuilder teams = Jsons.array();
    i.teams().stream()
        .sorted(java.util.Comparator.comparing(t -> t.id()))
        .forEach(t -> teams.add(Jsons.object().add("id", t.id()).add("name", t.name())));
    JsonObjectBuilder b =
        Jsons.object()
            .add("id", i.id())
            .add("name", i.name())
            .add("widgetKey", i.widgetKey())
            .add("allowedOrigins", Jsons.array(i.allowedOrigins()))
            .add("teams", teams)
            .add("preChatFields", PreChatField.toJson(i.preChatFields()))
            .add("maxAttachmentBytes", i.maxAttachmentBytes())
            .add("attachmentTypes", Jsons.array(i.attachmentTypes()))
            .add("assignment", i.assignment().name().toLowerCase(Locale.ROOT))
            .add("bot", i.botEnabled())
            .add(
                "botAnswerSimilarity",
                i.botAnswerSimilarity().<JsonValue>map(Json::createValue).orElse(JsonValue.NULL))
            .add(
                "botHandoffText",
                i.botHandoffText().<JsonValue>map(Json::createValue).orElse(JsonValue.NULL))
            .add("openNow", i.isOpen(Instant.now()))
            .add("createdAt", i.createdAt().toString());
    b.add("greeting", i.greeting() == null ? JsonValue.NULL : Json.createValue(i.greeting()));
    b.add(
        "offlineText",
        i.offlineText() == null ? JsonValue.NULL : Json.createValue(i.offlineText()));
    b.add(
        "businessHours",
        i.businessHours().<JsonValue>map(BusinessHours::toJson).orElse(JsonValue.NULL));
    return b.build();
  }

  /** Reads and validates a create or change body, naming every wrong field. */
  static Inboxes.InboxSpec spec(JsonObject body, boolean create) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    Problem problem = Problem.validation();
    String name = text(body, "name", 120, problem);
    if (create && name == null && !problem.hasFieldErrors()) {
      problem.field("name", "is required, 1 to 120 characters");
    }
    Set<String> origins = strings(body, "allowedOrigins", problem);
    if (origins != null) {
      for (String origin : origins) {
        try {
          Inbox.normalizeOrigin(origin);
        } catch (IllegalArgumentException e) {
          problem.field("allowedOrigins", e.getMessage());
        }
      }
      if (origins.isEmpty()) {
        problem.field("allowedOrigins", "needs at least one origin");
      }
    } else if (create) {
      problem.field("allowedOrigins", "is required, e.g. [\"https://www.example.com\"]");
    }
    Set<Long> teamIds = null;
    if (body.containsKey("teamIds")) {
      teamIds = new LinkedHashSet<>();
      try {
        for (JsonNumber n : body.getJsonArray("teamIds").getValuesAs(JsonNumber.class)) {
          teamIds.add(n.longValueExact());
        }
      } catch (RuntimeException e) {
        problem.field("teamIds", "must be an array of team ids");
      }
    }
    String greeting = text(body, "greeting", 2000, problem);
    String offline = text(body, "offlineText", 2000, problem);
    Optional<BusinessHours> hours = null;
    if (body.containsKey("businessHours")) {
      JsonValue value = body.get("businessHours");
      if (value == JsonValue.NULL) {
        hours = Optional.empty();
      } else {
        try {
          hours = Optional.of(BusinessHours.parse(value.asJsonObject()));
        } catch (RuntimeException e) {
          problem.field("businessHours", e.getMessage());
        }
      }
    }
    List<PreChatField> fields = null;
    if (body.containsKey("preChatFields")) {
      try {
        fields = PreChatField.parseAll(body.getJsonArray("preChatFields"));
      } catch (RuntimeException e) {
        problem.field("preChatFields", String.valueOf(e.getMessage()));
      }
    }
    Long maxBytes = null;
    if (body.containsKey("maxAttachmentBytes")) {
      try {
        maxBytes = body.getJsonNumber("maxAttachmentBytes").longValueExact();
        if (maxBytes < 0 || maxBytes > 100L * 1024 * 1024) {
          problem.field("maxAttachmentBytes", "must be between 0 and 104857600");
        }
      } catch (RuntimeException e) {
        problem.field("maxAttachmentBytes", "must be a number of bytes");
      }
    }
    Set<String> types = strings(body, "attachmentTypes", problem);
    AssignmentPolicy assignment = null;
    if (body.containsKey("assignment")) {
      try {
        assignment =
            AssignmentPolicy.valueOf(body.getString("assignment").toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        problem.field("assignment", "must be round_robin, least_load or manual");
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return new Inboxes.InboxSpec(
        name, origins, teamIds, greeting, offline, hours, fields, maxBytes, types, assignment);
  }

  private static String text(JsonObject body, String name, int max, Problem problem) {
    if (!body.containsKey(name) || body.isNull(name)) {
      return null;
    }
    if (!(body.get(name) instanceof JsonString s)) {
      problem.field(name, "must be a string");
      return null;
    }
    String value = s.getString();
    if (value.length() > max || (name.equals("name") && value.isBlank())) {
      problem.field(name, "must be 1 to " + max + " characters");
      return null;
    }
    return value;
  }

  private static Set<String> strings(JsonObject body, String name, Problem problem) {
    if (!body.containsKey(name)) {
      return null;
    }
    try {
      Set<String> values = new LinkedHashSet<>();
      for (JsonString s : body.getJsonArray(name).getValuesAs(JsonString.class)) {
        values.add(s.getString());
      }
      return values;
    } catch (RuntimeException e) {
      problem.field(name, "must be an array of strings");
      return null;
    }
  }
}
