package dev.parley.chat.boundary;

import dev.parley.chat.control.Attachments;
import dev.parley.chat.control.ChatWire;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.control.Inboxes;
import dev.parley.chat.control.Participant;
import dev.parley.chat.control.VisitorIdentities;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Inbox;
import dev.parley.identity.boundary.Public;
import dev.parley.identity.control.VisitorTokens;
import dev.parley.platform.cache.Throttle;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.ClientAddresses;
import dev.parley.platform.rest.Problem;
import dev.parley.platform.rest.ProblemException;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the website widget calls before it opens its socket: a widget session for an inbox, asked
 * from a page whose {@code Origin} the inbox allows. Cross-origin by nature, so it answers CORS for
 * exactly the requesting origin once that origin is checked.
 */
@Path("widget")
@Tag(name = "Widget")
@Produces(MediaType.APPLICATION_JSON)
public class WidgetResource {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A widget opening: its inbox's key, for a returning visitor their earlier token, and what the
   * website says about its signed-in user (verified by the signature).
   */
  public record SessionRequest(
      @NotBlank @Size(max = 64) String widgetKey,
      @Size(max = 2000) String visitorToken,
      @jakarta.validation.Valid Identity identity) {}

  /**
   * The website's user: {@code signature} is hex(HMAC-SHA256(inbox identity secret, externalId)).
   */
  public record Identity(
      @Size(max = 200) String externalId,
      @Size(max = 200) String name,
      @jakarta.validation.constraints.Email @Size(max = 320) String email,
      @Size(max = 128) String signature) {}

  @Inject Inboxes inboxes;
  @Inject Throttle throttle;
  @Inject ClientAddresses clientAddresses;

  @Inject
  @ConfigProperty(name = "parley.widget.sessions-per-address", defaultValue = "30")
  int sessionsPerAddress;

  @Inject
  @ConfigProperty(name = "parley.widget.sessions-per-inbox", defaultValue = "1200")
  int sessionsPerInbox;

  private static ProblemException tooMany(Throttle.Exceeded e) {
    return Problem.tooManyRequests(
            "Too many widget sessions; try again shortly.", e.retryAfterSeconds())
        .exception();
  }

  @Inject Conversations conversations;
  @Inject VisitorTokens tokens;
  @Inject WidgetOrigins widgetOrigins;
  @Inject VisitorIdentities identities;

  @POST
  @Path("sessions")
  @Public
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Open a widget session",
      description =
          "Body: {widgetKey, visitorToken?}. The Origin header must be one the inbox allows. At"
              + " most parley.widget.sessions-per-address (30) per minute from one address and"
              + " parley.widget.sessions-per-inbox (1200) per minute per inbox, else 429. Returns"
              + " a signed visitor token (send it as the WebSocket subprotocol token.<token> on"
              + " /ws/v1/visitor), the inbox's widget settings and the visitor's recent"
              + " conversations. A returning visitor sends their previous token and keeps their id"
              + " and history.")
  public Response open(
      SessionRequest body, @HeaderParam("Origin") String origin, @Context HttpServletRequest http) {
    String address = clientAddresses.of(http);
    try {
      throttle.admit("widget-address:" + address, sessionsPerAddress, Duration.ofMinutes(1));
    } catch (Throttle.Exceeded e) {
      throw tooMany(e);
    }
    Inbox inbox =
        inboxes
            .byWidgetKey(body.widgetKey())
            .orElseThrow(
                () ->
                    Problem.validation()
                        .field("widgetKey", "is not the key of any inbox")
                        .exception());
    if (!widgetOrigins.allows(inbox, origin, http)) {
      throw Problem.forbidden(
              "The origin "
                  + (origin == null ? "(none)" : origin)
                  + " may not embed this inbox's widget; an admin adds it to the inbox's allowed"
                  + " origins.")
          .exception();
    }
    try {
      throttle.admit("widget-inbox:" + inbox.id(), sessionsPerInbox, Duration.ofMinutes(1));
    } catch (Throttle.Exceeded e) {
      throw tooMany(e);
    }
    String earlier = body.visitorToken();
    Optional<String> earlierVisitor =
        Optional.ofNullable(earlier)
            .flatMap(tokens::verify)
            .filter(claims -> claims.inbox().equals(inbox.id().toString()))
            .map(VisitorTokens.VisitorClaims::visitorId);
    JsonObject identity = null;
    String visitorId;
    if (body.identity() != null) {
      Identity claimed = body.identity();
      VisitorIdentities.Verification verification =
          identities.verify(
              inbox,
              new VisitorIdentities.Claimed(
                  claimed.externalId(), claimed.name(), claimed.email(), claimed.signature()));
      if (verification.verified()) {
        visitorId = verification.visitorId().orElseThrow();
        // what the visitor wrote before signing in is theirs: it joins their history
        earlierVisitor
            .filter(v -> VisitorIdentities.contactOf(v).isEmpty())
            .ifPresent(v -> conversations.adopt(inbox.id(), v, visitorId));
        identity =
            Jsons.object().add("verified", true).add("contact", verification.contact()).build();
      } else {
        // an anonymous visitor (never an earlier verified one: that was someone signed in)
        visitorId =
            earlierVisitor
                .filter(v -> VisitorIdentities.contactOf(v).isEmpty())
                .orElseGet(WidgetResource::newVisitorId);
        identity =
            Jsons.object().add("verified", false).add("problem", verification.problem()).build();
      }
    } else {
      visitorId = earlierVisitor.orElseGet(WidgetResource::newVisitorId);
    }
    String token = tokens.issue(visitorId, inbox.id().toString());
    JsonArrayBuilder recent = Jsons.array();
    for (Conversation c : conversations.ofVisitor(visitorId, inbox.id(), 10)) {
      recent.add(ChatWire.conversation(c));
    }
    JsonObject session =
        Jsons.object()
            .add("visitorToken", token)
            .add("visitor", visitorId)
            .add("expiresAt", tokens.verify(token).orElseThrow().expiresAt().toString())
            .add("inbox", inbox.widgetConfig(Instant.now()))
            .add("conversations", recent)
            .add("socket", "/ws/v1/visitor")
            .add("subprotocols", Jsons.array().add("parley.v1").add("parley.v1.proto"))
            .add("identity", identity == null ? jakarta.json.JsonValue.NULL : identity)
            .build();
    return cors(Response.status(Response.Status.CREATED).entity(session), origin).build();
  }

  @Inject VisitorRequests visitors;
  @Inject Attachments attachments;

  @POST
  @Path("conversations/{id}/attachments")
  @Public
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "A visitor sends a file",
      description =
          "Authorization: Bearer <visitor token>, from an allowed Origin. The body is the file's"
              + " bytes; name and id (the client id) are query parameters. The type is sniffed from"
              + " the content and must be one the inbox accepts; 413 above its size limit.")
  public Response upload(
      @PathParam("id") long id,
      @QueryParam("name") String name,
      @QueryParam("id") String clientId,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Origin") String origin,
      @Context HttpServletRequest http,
      InputStream body) {
    Participant.Visitor visitor = visitors.require(authorization, origin, http);
    try {
      return cors(
              Response.fromResponse(
                  AttachmentResponses.created(
                      attachments.upload(
                          id, visitor, clientId, name, http.getContentLengthLong(), body))),
              origin)
          .build();
    } catch (Attachments.TooLarge e) {
      throw AttachmentResponses.tooLarge(e);
    }
  }

  @GET
  @Path("attachments/{attachmentId}")
  @Public
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "A visitor downloads a file of their conversation")
  public Response download(
      @PathParam("attachmentId") long attachmentId,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Origin") String origin,
      @Context HttpServletRequest http) {
    Participant.Visitor visitor = visitors.require(authorization, origin, http);
    return cors(
            Response.fromResponse(
                AttachmentResponses.download(attachments.find(attachmentId, visitor))),
            origin)
        .build();
  }

  @GET
  @Path("conversations/{id}/messages")
  @Public
  @Operation(
      summary = "A visitor reads their conversation backwards, a page at a time",
      description =
          "Authorization: Bearer <visitor token>, from an allowed Origin. before: a sequence"
              + " number; limit 1–200 (100). The messages the visitor may see before it, in order;"
              + " a gap names history no longer retained.")
  public Response history(
      @PathParam("id") long id,
      @QueryParam("before") Long before,
      @QueryParam("limit") @jakarta.ws.rs.DefaultValue("100") int limit,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Origin") String origin,
      @Context HttpServletRequest http) {
    Participant.Visitor visitor = visitors.require(authorization, origin, http);
    if (before == null || before < 1) {
      throw Problem.validation().field("before", "must be a sequence number").exception();
    }
    if (limit < 1 || limit > 200) {
      throw Problem.validation().field("limit", "must be 1 to 200").exception();
    }
    Conversations.Replay page = conversations.history(id, visitor, before, limit);
    JsonArrayBuilder messages = Jsons.array();
    page.messages().forEach(m -> messages.add(ChatWire.visitorMessage(m)));
    var body = Jsons.object().add("messages", messages);
    if (page.hasGap()) {
      body.add("gap", Jsons.object().add("from", page.gapFrom()).add("to", page.gapTo()));
    }
    return cors(Response.ok(body.build()), origin).build();
  }

  @Inject dev.parley.knowledge.control.HelpCenter helpCenter;

  /** A published article, as a visitor reads it. */
  public record ArticleView(
      long id, String title, String text, String language, String updatedAt) {}

  @GET
  @Path("articles/{articleId}")
  @Public
  @Operation(
      summary = "A visitor reads a published article (a source of a bot answer)",
      description =
          "Authorization: Bearer <visitor token>, from an allowed Origin. The article's title and"
              + " its text without markup; drafts and archived articles are 404.")
  public Response article(
      @PathParam("articleId") long articleId,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Origin") String origin,
      @Context HttpServletRequest http) {
    visitors.require(authorization, origin, http);
    var article =
        helpCenter
            .published(articleId)
            .orElseThrow(() -> Problem.notFound("No published article " + articleId).exception());
    return cors(
            Response.ok(
                new ArticleView(
                    article.id(),
                    article.title(),
                    article.text(),
                    article.language(),
                    article.updatedAt().toString())),
            origin)
        .build();
  }

  @OPTIONS
  @Path("{path: conversations/.+|attachments/.+|articles/.+}")
  @Public
  @Operation(summary = "CORS preflight for the widget's uploads and downloads")
  public Response preflightFiles(
      @PathParam("path") String path, @HeaderParam("Origin") String origin) {
    return cors(Response.noContent(), origin)
        .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
        .header("Access-Control-Max-Age", "600")
        .build();
  }

  @OPTIONS
  @Path("sessions")
  @Public
  @Operation(summary = "CORS preflight for widget sessions")
  public Response preflight(@HeaderParam("Origin") String origin) {
    return cors(Response.noContent(), origin)
        .header("Access-Control-Allow-Methods", "POST, OPTIONS")
        .header("Access-Control-Allow-Headers", "Content-Type")
        .header("Access-Control-Max-Age", "600")
        .build();
  }

  private static Response.ResponseBuilder cors(Response.ResponseBuilder response, String origin) {
    if (origin != null) {
      response.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
    }
    return response;
  }

  private static String newVisitorId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "v_" + HexFormat.of().formatHex(bytes);
  }
}
