package dev.parley.ticket.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.errors.DomainException;
import dev.parley.platform.files.Downloads;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.persistence.IdempotencyKeys;
import dev.parley.platform.rest.BodyLimit;
import dev.parley.platform.rest.Problem;
import dev.parley.ticket.control.TicketPatch;
import dev.parley.ticket.control.TicketSearch;
import dev.parley.ticket.control.Tickets;
import dev.parley.ticket.entity.Comment;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.Ticket;
import dev.parley.ticket.entity.TicketAttachment;
import dev.parley.ticket.entity.TicketStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tickets over REST. One instance serves every request (nothing is injected per request). Reads
 * render inside the transaction that loaded the tickets, so their lazy parts load on the same
 * connection. Agents reach the tickets of their teams, assigned to them or followed by them
 * (anything else is 404); admins all; API tokens by scope ({@code tickets:read}, {@code
 * tickets:write}).
 */
@ApplicationScoped
@Path("tickets")
@Tag(name = "Tickets")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(
    roles = Role.AGENT,
    scopes = {Scope.TICKETS_READ, Scope.TICKETS_WRITE})
public class TicketsResource {

  static final String MERGE_PATCH = "application/merge-patch+json";

  private static final String CREATE_EXAMPLE =
      "{\"subject\":\"Printer jams on page 2\",\"description\":\"Since the update, every second"
          + " page jams.\",\"requester\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
          + "\"organization\":\"Analytical Engines Ltd\"},\"priority\":\"high\",\"type\":"
          + "\"incident\",\"team\":50,\"tags\":[\"printer\",\"firmware\"],\"customFields\":"
          + "{\"serial_number\":\"AE-1843\"}}";
  private static final String TICKET_EXAMPLE =
      "{\"id\":1042,\"number\":1042,\"subject\":\"Printer jams on page 2\",\"description\":\"Since"
          + " the update, every second page jams.\",\"status\":\"new\",\"priority\":\"high\","
          + "\"type\":\"incident\",\"via\":\"api\",\"requester\":{\"id\":100,\"name\":\"Ada"
          + " Lovelace\",\"email\":\"ada@example.com\",\"externalId\":null},\"organization\":"
          + "{\"id\":50,\"name\":\"Analytical Engines Ltd\"},\"assignee\":null,\"team\":50,"
          + "\"tags\":[\"firmware\",\"printer\"],\"followers\":[],\"customFields\":"
          + "{\"serial_number\":\"AE-1843\"},\"allowedStatuses\":[\"open\",\"pending\","
          + "\"on_hold\",\"solved\"],\"sla\":[{\"metric\":\"first_response\",\"target\":\"PT4H\","
          + "\"state\":\"running\",\"breached\":false,\"dueAt\":\"2026-11-27T14:00:00Z\","
          + "\"achievedAt\":null}],\"conversation\":null,\"followUpOf\":null,\"mergedInto\":null,"
          + "\"firstRespondedAt\":null,\"solvedAt\":null,\"closedAt\":null,\"createdAt\":"
          + "\"2026-11-27T10:00:00Z\",\"updatedAt\":\"2026-11-27T10:00:00Z\",\"version\":1}";
  private static final String PATCH_EXAMPLE =
      "{\"status\":\"pending\",\"assignee\":7,\"tags\":[\"printer\"],\"customFields\":"
          + "{\"serial_number\":null}}";

  @Inject Tickets tickets;
  @Inject TicketSearch search;

  @Inject
  @ConfigProperty(name = "parley.tickets.max-attachment-bytes", defaultValue = "10485760")
  long maxAttachmentBytes;

  // ---- list and create -------------------------------------------------------------------------

  @GET
  @Operation(
      summary = "List tickets",
      description =
          "Filters combine with AND; lists (status, priority) are comma-separated. assignee and"
              + " team take an id, `me` (assignee) or `none`. Times are ISO-8601 (created/updated"
              + " after is inclusive, before exclusive). q searches subject and description."
              + " slaDueBefore: tickets with a running SLA target due before that time (breached"
              + " ones included), e.g. now + 1 hour for those breaching soon."
              + " Sort: updatedAt, createdAt or number, prefixed by - for descending (default"
              + " -updatedAt). The response's `next` is the cursor of the following page (null at"
              + " the end).")
  @APIResponse(
      responseCode = "200",
      description = "A page of tickets",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "page",
                      value = "{\"tickets\":[" + TICKET_EXAMPLE + "],\"next\":\"VVBEQVRFRF9E\"}")))
  @Transactional
  public JsonObject list(
      @QueryParam("status") String status,
      @QueryParam("priority") String priority,
      @QueryParam("assignee") String assignee,
      @QueryParam("team") String team,
      @QueryParam("tag") String tag,
      @QueryParam("requester") Long requester,
      @QueryParam("organization") Long organization,
      @QueryParam("createdAfter") String createdAfter,
      @QueryParam("createdBefore") String createdBefore,
      @QueryParam("updatedAfter") String updatedAfter,
      @QueryParam("updatedBefore") String updatedBefore,
      @QueryParam("q") String q,
      @QueryParam("slaDueBefore") String slaDueBefore,
      @QueryParam("sort") @DefaultValue("-updatedAt") String sort,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") @DefaultValue("25") int limit,
      @Context SecurityContext security) {
    Caller caller = Views.caller(security);
    Problem problem = Problem.validation();
    Set<TicketStatus> statuses = enums(status, TicketStatus::fromWire, "status", problem);
    Set<Priority> priorities = enums(priority, Priority::fromWire, "priority", problem);
    Long assigneeId = null;
    boolean unassigned = "none".equals(assignee);
    if (assignee != null && !unassigned) {
      assigneeId =
          "me".equals(assignee) && caller.isUser() ? Long.valueOf(caller.id()) : number(assignee);
      if (assigneeId == null) {
        problem.field("assignee", "must be a user id, me or none");
      }
    }
    Long teamId = null;
    boolean noTeam = "none".equals(team);
    if (team != null && !noTeam && (teamId = number(team)) == null) {
      problem.field("team", "must be a team id or none");
    }
    TicketSearch.Sort order = null;
    try {
      order = TicketSearch.Sort.fromWire(sort);
    } catch (IllegalArgumentException e) {
      problem.field("sort", e.getMessage());
    }
    if (limit < 1 || limit > 100) {
      problem.field("limit", "must be 1 to 100");
    }
    if (q != null && q.length() > 200) {
      problem.field("q", "at most 200 characters");
    }
    OffsetDateTime ca = time(createdAfter, "createdAfter", problem);
    OffsetDateTime cb = time(createdBefore, "createdBefore", problem);
    OffsetDateTime ua = time(updatedAfter, "updatedAfter", problem);
    OffsetDateTime ub = time(updatedBefore, "updatedBefore", problem);
    OffsetDateTime due = time(slaDueBefore, "slaDueBefore", problem);
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    TicketSearch.Page page =
        search.list(
            new TicketSearch.Filter(
                statuses,
                priorities,
                assigneeId,
                unassigned,
                teamId,
                noTeam,
                tag,
                requester,
                organization,
                ca,
                cb,
                ua,
                ub,
                q,
                due),
            order,
            cursor,
            limit,
            caller);
    JsonArrayBuilder array = Jsons.array();
    page.tickets().forEach(t -> array.add(TicketViews.ticket(t)));
    JsonObjectBuilder body = Jsons.object().add("tickets", array);
    if (page.next() != null) {
      body.add("next", page.next());
    } else {
      body.addNull("next");
    }
    return body.build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Create a ticket",
      description =
          "Required: subject, description, requester ({id} of a contact, or {name, email,"
              + " externalId, organization}: an existing contact with that email or external id"
              + " is reused). Optional: priority (normal), type (question), status (new), team,"
              + " assignee (a member of the team), tags, followers, customFields, followUpOf (a"
              + " closed ticket). Send an Idempotency-Key header so a retry returns the first"
              + " result (with Idempotent-Replayed: true) instead of creating a second ticket.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "incident", value = CREATE_EXAMPLE)))
  @APIResponse(
      responseCode = "201",
      description = "Created (or, for a retried Idempotency-Key, the first result)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "ticket", value = TICKET_EXAMPLE)))
  @APIResponse(responseCode = "422", description = "Invalid fields, named as JSON pointers")
  public Response create(
      JsonObject body,
      @Parameter(description = "A client-chosen key (max 200 chars) making the create retryable")
          @HeaderParam("Idempotency-Key")
          String key,
      @Context UriInfo uri,
      @Context SecurityContext security) {
    requireBody(body);
    if (key != null && (key.isBlank() || key.length() > 200)) {
      throw Problem.validation()
          .field("Idempotency-Key", "must be 1 to 200 characters")
          .exception();
    }
    Tickets.Created created =
        tickets.createOnce(
            TicketPatch.parse(body, true),
            Views.caller(security),
            key,
            key == null ? null : IdempotencyKeys.hash(body.toString()));
    Ticket t = created.ticket();
    Response.ResponseBuilder response =
        Response.created(uri.getAbsolutePathBuilder().path(Long.toString(t.id())).build())
            .tag(TicketViews.etag(t).replace("\"", ""))
            .entity(TicketViews.ticket(t));
    if (created.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.build();
  }

  // ---- one ticket ------------------------------------------------------------------------------

  @GET
  @Path("{id}")
  @Operation(
      summary = "Get a ticket",
      description = "The ETag is the ticket's version: send it as If-Match when changing it.")
  @APIResponse(
      responseCode = "200",
      description = "The ticket",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "ticket", value = TICKET_EXAMPLE)))
  @APIResponse(responseCode = "304", description = "If-None-Match matched the current version")
  @APIResponse(responseCode = "404", description = "No such ticket, or not visible to the caller")
  @Transactional
  public Response get(
      @PathParam("id") long id,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @Context SecurityContext security) {
    Ticket t = tickets.visible(id, Views.caller(security));
    String etag = TicketViews.etag(t);
    if (ifNoneMatch != null && ifNoneMatch.replace("W/", "").trim().equals(etag)) {
      return Response.notModified().header("ETag", etag).build();
    }
    return Response.ok(TicketViews.ticket(t)).header("ETag", etag).build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Change a ticket (JSON Merge Patch)",
      description =
          "RFC 7396: present fields change, null clears (assignee, team, a custom field), absent"
              + " fields stay. With If-Match (the ETag of a GET) a ticket changed since is refused"
              + " with 412. An invalid status transition is 409 naming the allowed ones; solving"
              + " needs the required custom fields.")
  @RequestBody(
      content =
          @Content(
              mediaType = MERGE_PATCH,
              examples = @ExampleObject(name = "pending", value = PATCH_EXAMPLE)))
  @APIResponse(responseCode = "200", description = "The changed ticket, with its new ETag")
  @APIResponse(responseCode = "409", description = "A transition the ticket does not allow")
  @APIResponse(responseCode = "412", description = "If-Match is stale")
  public Response change(
      @PathParam("id") long id,
      JsonObject body,
      @HeaderParam("If-Match") String ifMatch,
      @Context SecurityContext security) {
    requireBody(body);
    Long expected = expectedVersion(ifMatch);
    try {
      Ticket t =
          tickets.change(id, TicketPatch.parse(body, false), expected, Views.caller(security));
      return Response.ok(TicketViews.ticket(t)).header("ETag", TicketViews.etag(t)).build();
    } catch (Tickets.StaleVersion stale) {
      throw Problem.of(412, "precondition-failed", "Precondition failed")
          .detail(stale.getMessage() + "; GET it again and reapply your change")
          .header("ETag", "\"" + stale.current() + "\"")
          .exception();
    }
  }

  private static Long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.trim().equals("*")) {
      return null;
    }
    String v = ifMatch.replace("W/", "").replace("\"", "").trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Problem.of(412, "precondition-failed", "Precondition failed")
          .detail("If-Match must be the ETag of a GET of this ticket")
          .exception();
    }
  }

  @POST
  @Path("bulk")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Change many tickets",
      description =
          "Body: {ids: [up to 100 ids], changes: {a merge patch}}. Each ticket changes in its own"
              + " transaction; the result lists, per id, the status (200, 404, 409, 422) and the"
              + " ticket or the problem.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "solve",
                      value = "{\"ids\":[1042,1043],\"changes\":{\"status\":\"solved\"}}")))
  public JsonObject bulk(JsonObject body, @Context SecurityContext security) {
    requireBody(body);
    Problem problem = Problem.validation();
    List<Long> ids = new ArrayList<>();
    if (!(body.get("ids") instanceof JsonArray array) || array.isEmpty() || array.size() > 100) {
      problem.field("ids", "must be an array of 1 to 100 ticket ids");
    } else {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof JsonNumber n && n.isIntegral()) {
          ids.add(n.longValue());
        } else {
          problem.field("ids/" + i, "must be a ticket id");
        }
      }
    }
    if (!(body.get("changes") instanceof JsonObject)) {
      problem.field("changes", "must be a merge patch object");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    TicketPatch patch = TicketPatch.parse(body.getJsonObject("changes"), false);
    Caller caller = Views.caller(security);
    JsonArrayBuilder results = Jsons.array();
    for (long id : new LinkedHashSet<>(ids)) {
      try {
        results.add(
            Jsons.object()
                .add("id", id)
                .add("status", 200)
                .add("ticket", TicketViews.ticket(tickets.change(id, patch, null, caller))));
      } catch (DomainException e) {
        Problem refused = Problem.of(e);
        results.add(
            Jsons.object()
                .add("id", id)
                .add("status", refused.status())
                .add("problem", refused.toJson()));
      }
    }
    return Jsons.object().add("results", results).build();
  }

  // ---- comments, attachments, tags, merge, audit -----------------------------------------------

  @GET
  @Path("{id}/comments")
  @Operation(summary = "The ticket's comments, oldest first, with their attachments")
  @Transactional
  public JsonArray comments(@PathParam("id") long id, @Context SecurityContext security) {
    Caller caller = Views.caller(security);
    List<Comment> comments = tickets.comments(id, caller);
    List<TicketAttachment> files = tickets.attachments(id, caller);
    JsonArrayBuilder array = Jsons.array();
    comments.forEach(c -> array.add(TicketViews.comment(c, files)));
    return array.build();
  }

  @POST
  @Path("{id}/comments")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Reply or add an internal note",
      description =
          "Body: {body, public (default true), author: \"requester\" (records the requester's"
              + " reply, e.g. from an email gateway; otherwise the caller), attachments: [ids of"
              + " uploads to this ticket], status (changes it with the comment)}. A staff public"
              + " reply meets the first/next response target; a requester's reply reopens a"
              + " pending or solved ticket.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "reply",
                      value =
                          "{\"body\":\"Could you send a photo of the jam?\",\"public\":true,"
                              + "\"status\":\"pending\"}")))
  public Response comment(
      @PathParam("id") long id, JsonObject body, @Context SecurityContext security) {
    requireBody(body);
    Problem problem = Problem.validation();
    String text = body.get("body") instanceof JsonString s ? s.getString() : null;
    if (text == null) {
      problem.field("body", "is required");
    }
    boolean isPublic = true;
    if (body.containsKey("public")) {
      JsonValue v = body.get("public");
      if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
        isPublic = v == JsonValue.TRUE;
      } else {
        problem.field("public", "must be true or false");
      }
    }
    boolean byRequester = false;
    if (body.containsKey("author")) {
      if (body.get("author") instanceof JsonString s && s.getString().equals("requester")) {
        byRequester = true;
      } else {
        problem.field("author", "must be \"requester\" (or absent: the caller)");
      }
    }
    List<Long> attachments = new ArrayList<>();
    if (body.containsKey("attachments")) {
      if (body.get("attachments") instanceof JsonArray array) {
        for (int i = 0; i < array.size(); i++) {
          if (array.get(i) instanceof JsonNumber n && n.isIntegral()) {
            attachments.add(n.longValue());
          } else {
            problem.field("attachments/" + i, "must be an attachment id");
          }
        }
      } else {
        problem.field("attachments", "must be an array of attachment ids");
      }
    }
    TicketStatus status = null;
    if (body.containsKey("status")) {
      try {
        status = TicketStatus.fromWire(body.getString("status"));
      } catch (IllegalArgumentException | ClassCastException e) {
        problem.field("status", "must be new, open, pending, on_hold, solved or closed");
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    Caller caller = Views.caller(security);
    Comment c =
        tickets.comment(
            id, new Tickets.CommentDraft(text, isPublic, byRequester, attachments, status), caller);
    return Response.status(201)
        .entity(TicketViews.comment(c, tickets.attachments(id, caller)))
        .build();
  }

  @POST
  @Path("{id}/attachments")
  @Consumes(MediaType.WILDCARD)
  @BodyLimit(bytes = 10_485_760, config = "parley.tickets.max-attachment-bytes")
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Upload a file",
      description =
          "The body is the file's bytes; ?name= gives its file name. The type is sniffed from the"
              + " content. Attach it by listing its id in a comment's attachments. 413 above"
              + " parley.tickets.max-attachment-bytes (10 MB).")
  public Response upload(
      @PathParam("id") long id,
      @QueryParam("name") String name,
      InputStream body,
      @Context SecurityContext security)
      throws IOException {
    if (name == null || name.isBlank() || name.length() > 255 || name.contains("/")) {
      throw Problem.validation()
          .field("name", "is required: the file name, 1 to 255 characters, no /")
          .exception();
    }
    byte[] content = body == null ? new byte[0] : Downloads.read(body, maxAttachmentBytes);
    if (content == null) {
      throw Problem.of(413, "too-large", "Payload too large")
          .detail("Files may be at most " + maxAttachmentBytes + " bytes")
          .exception();
    }
    if (content.length == 0) {
      throw Problem.validation().field("body", "the file is empty").exception();
    }
    TicketAttachment a =
        tickets.upload(id, name, Downloads.sniff(content), content, Views.caller(security));
    return Response.status(201).entity(TicketViews.attachment(a)).build();
  }

  @GET
  @Path("{id}/attachments/{attachmentId}")
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "Download a ticket's file")
  public Response download(
      @PathParam("id") long id,
      @PathParam("attachmentId") long attachmentId,
      @Context SecurityContext security) {
    TicketAttachment a = tickets.attachment(id, attachmentId, Views.caller(security));
    return Downloads.download(
        a.content(), a.contentType(), a.filename(), "t" + a.id() + "-" + a.size());
  }

  @PUT
  @Path("{id}/tags")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(summary = "Replace the tags", description = "Body: [\"tag\", ...]")
  public JsonObject replaceTags(
      @PathParam("id") long id, JsonArray body, @Context SecurityContext security) {
    return TicketViews.ticket(
        tickets.change(id, TicketPatch.tags(tags(body)), null, Views.caller(security)));
  }

  @POST
  @Path("{id}/tags")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(summary = "Add tags", description = "Body: [\"tag\", ...]")
  public JsonObject addTags(
      @PathParam("id") long id, JsonArray body, @Context SecurityContext security) {
    return TicketViews.ticket(
        tickets.change(id, TicketPatch.addTags(tags(body)), null, Views.caller(security)));
  }

  @DELETE
  @Path("{id}/tags/{tag}")
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(summary = "Remove a tag")
  public JsonObject removeTag(
      @PathParam("id") long id, @PathParam("tag") String tag, @Context SecurityContext security) {
    return TicketViews.ticket(
        tickets.change(id, TicketPatch.removeTags(Set.of(tag)), null, Views.caller(security)));
  }

  @POST
  @Path("{id}/merge")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Merge this ticket into another",
      description =
          "Body: {target: id}. This ticket closes with mergedInto pointing at the target; its"
              + " comments and attachments move there.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "merge", value = "{\"target\":1042}")))
  public JsonObject merge(
      @PathParam("id") long id, JsonObject body, @Context SecurityContext security) {
    requireBody(body);
    if (!(body.get("target") instanceof JsonNumber n) || !n.isIntegral()) {
      throw Problem.validation().field("target", "must be a ticket id").exception();
    }
    return TicketViews.ticket(
        tickets.merge(id, body.getJsonNumber("target").longValue(), Views.caller(security)));
  }

  @GET
  @Path("{id}/audit")
  @Operation(
      summary = "The ticket's audit trail",
      description =
          "Every change, oldest first: who (user, API token, contact or automation), when, the"
              + " field, old and new value.")
  @Transactional
  public JsonArray audit(@PathParam("id") long id, @Context SecurityContext security) {
    JsonArrayBuilder array = Jsons.array();
    tickets.audit(id, Views.caller(security)).forEach(e -> array.add(TicketViews.audit(e)));
    return array.build();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void requireBody(Object body) {
    if (body == null) {
      throw Problem.badRequest("A JSON body is required").exception();
    }
  }

  private static Set<String> tags(JsonArray body) {
    requireBody(body);
    Set<String> tags = new LinkedHashSet<>();
    for (int i = 0; i < body.size(); i++) {
      if (!(body.get(i) instanceof JsonString s)) {
        throw Problem.validation().field(Integer.toString(i), "must be a tag string").exception();
      }
      tags.add(s.getString());
    }
    return tags;
  }

  private static <E extends Enum<E>> Set<E> enums(
      String csv, Function<String, E> parse, String name, Problem problem) {
    if (csv == null || csv.isBlank()) {
      return null;
    }
    List<E> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      try {
        values.add(parse.apply(part.trim()));
      } catch (IllegalArgumentException e) {
        problem.field(name, e.getMessage());
        return null;
      }
    }
    return EnumSet.copyOf(values);
  }

  private static Long number(String text) {
    try {
      long v = Long.parseLong(text);
      return v > 0 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static OffsetDateTime time(String text, String name, Problem problem) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      problem.field(name, "must be an ISO-8601 time like 2026-11-27T10:00:00Z");
      return null;
    }
  }
}
