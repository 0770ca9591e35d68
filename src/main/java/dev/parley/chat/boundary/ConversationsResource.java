package dev.parley.chat.boundary;

import dev.parley.chat.control.Attachments;
import dev.parley.chat.control.ChatWire;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.control.Participant;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.ConversationState;
import dev.parley.chat.entity.Message;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Conversations for staff over REST: the inbox lists, a conversation's messages, and the agent's
 * actions (reply, note, claim, transfer, close, reopen). The staff socket carries the same live.
 * Agents reach the conversations of their teams' inboxes only; admins all.
 */
@Path("conversations")
@Tag(name = "Conversations")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.AGENT)
public class ConversationsResource {

  /** A staff message: the client's id makes a retry idempotent. */
  public record NewMessage(
      @NotBlank @Size(max = 64) String id, @NotNull @Size(max = 20000) String text, Boolean note) {}

  /** Where a conversation goes: an agent or a team, with an optional note for them. */
  public record Transfer(
      @Positive Long agent, @Positive Long team, @Size(max = 2000) String note) {}

  @Inject Conversations conversations;

  @GET
  @Operation(
      summary = "List conversations",
      description =
          "view: unassigned, mine, teams (default) or all; state: bot, handoff_pending, human or"
              + " closed (default: every open state); inbox, team: ids; waitingMinutes: only those"
              + " with no activity for at least that long; q: part of the visitor's name or email;"
              + " sort: activity (latest first, default) or waiting (longest quiet first); limit"
              + " 1–200 (50). When more rows follow, the Link header (rel=next) holds the next"
              + " page's address, with its cursor.")
  public Response list(
      @QueryParam("view") @DefaultValue("teams") String view,
      @QueryParam("state") String state,
      @QueryParam("inbox") Long inbox,
      @QueryParam("team") Long team,
      @QueryParam("waitingMinutes") Integer waitingMinutes,
      @QueryParam("q") String search,
      @QueryParam("sort") @DefaultValue("activity") String sort,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @Context SecurityContext security,
      @Context UriInfo uri) {
    Conversations.View v;
    ConversationState s = null;
    try {
      v = Conversations.View.valueOf(view.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.validation()
          .field("view", "must be unassigned, mine, teams or all")
          .exception();
    }
    if (state != null) {
      try {
        s = ConversationState.fromWire(state);
      } catch (IllegalArgumentException e) {
        throw Problem.validation()
            .field("state", "must be bot, handoff_pending, human or closed")
            .exception();
      }
    }
    Conversations.Sort order;
    try {
      order = Conversations.Sort.valueOf(sort.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.validation().field("sort", "must be activity or waiting").exception();
    }
    Conversations.Cursor after = null;
    if (cursor != null) {
      try {
        after = Conversations.Cursor.parse(cursor);
      } catch (IllegalArgumentException e) {
        throw Problem.validation()
            .field("cursor", "must be a cursor from this list's Link header")
            .exception();
      }
    }
    if (limit < 1 || limit > 200) {
      throw Problem.validation().field("limit", "must be 1 to 200").exception();
    }
    if (waitingMinutes != null && (waitingMinutes < 0 || waitingMinutes > 525_600)) {
      throw Problem.validation().field("waitingMinutes", "must be 0 to 525600").exception();
    }
    if (inbox != null && inbox < 1) {
      throw Problem.validation().field("inbox", "must be an inbox id").exception();
    }
    if (team != null && team < 1) {
      throw Problem.validation().field("team", "must be a team id").exception();
    }
    String q = search == null || search.isBlank() ? null : search.strip();
    if (q != null && q.length() > 200) {
      throw Problem.validation().field("q", "must be at most 200 characters").exception();
    }
    Caller caller = Views.caller(security);
    if (v == Conversations.View.ALL && !caller.isAdmin()) {
      throw Problem.forbidden("Only admins see all conversations; use view=teams").exception();
    }
    List<Conversation> page =
        conversations.list(
            caller,
            new Conversations.ListQuery(
                v, s, inbox, team, waitingMinutes, q, order, after, limit + 1));
    JsonArrayBuilder array = Jsons.array();
    page.stream().limit(limit).forEach(c -> array.add(ChatWire.conversationForStaff(c)));
    Response.ResponseBuilder response = Response.ok(array.build());
    if (page.size() > limit) {
      String next =
          uri.getRequestUriBuilder()
              .replaceQueryParam("cursor", Conversations.Cursor.of(page.get(limit - 1)))
              .build()
              .toString();
      response.header("Link", "<" + next + ">; rel=\"next\"");
    }
    return response.build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a conversation")
  public JsonObject get(@PathParam("id") long id, @Context SecurityContext security) {
    return ChatWire.conversationForStaff(conversations.visible(id, staff(security)));
  }

  @GET
  @Path("{id}/messages")
  @Operation(
      summary = "Messages after a sequence number, or a page before one",
      description =
          "after: the messages after that seq (at most the replay limit; a gap names those not"
              + " replayed). before (with limit, 1–200, default 100): the page of messages before"
              + " that seq, in order, to read a long conversation backwards; a gap names history"
              + " no longer retained. Returns {conversation, gap?, messages}.")
  public JsonObject messages(
      @PathParam("id") long id,
      @QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("before") Long before,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @Context SecurityContext security) {
    if (limit < 1 || limit > 200) {
      throw Problem.validation().field("limit", "must be 1 to 200").exception();
    }
    if (before != null && before < 1) {
      throw Problem.validation().field("before", "must be a sequence number").exception();
    }
    Conversations.Replay replay =
        before == null
            ? conversations.replay(id, staff(security), after)
            : conversations.history(id, staff(security), before, limit);
    JsonArrayBuilder messages = Jsons.array();
    replay.messages().forEach(m -> messages.add(ChatWire.message(m)));
    var body =
        Jsons.object()
            .add("conversation", ChatWire.conversationForStaff(replay.conversation()))
            .add("messages", messages);
    if (replay.hasGap()) {
      body.add("gap", Jsons.object().add("from", replay.gapFrom()).add("to", replay.gapTo()));
    }
    return body.build();
  }

  @POST
  @Path("{id}/messages")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Reply or write a private note",
      description =
          "Body: {id (a client id, unique per message: a retry with the same id is stored once),"
              + " text, note?}. 201 with the stored message; 200 if this client id was stored"
              + " before.")
  public Response post(
      @PathParam("id") long id, NewMessage body, @Context SecurityContext security) {
    Conversations.Posted posted =
        conversations.post(
            id, staff(security), body.id(), body.text(), Boolean.TRUE.equals(body.note()));
    Message m = posted.message();
    return Response.status(posted.duplicate() ? 200 : 201).entity(ChatWire.message(m)).build();
  }

  @POST
  @Path("{id}/claim")
  @Operation(summary = "Take the conversation (409 if another agent has it)")
  public JsonObject claim(@PathParam("id") long id, @Context SecurityContext security) {
    return ChatWire.conversationForStaff(conversations.claim(id, Views.caller(security)));
  }

  @POST
  @Path("{id}/transfer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Transfer to an agent or a team",
      description = "Body: {agent | team, note?}")
  public JsonObject transfer(
      @PathParam("id") long id, Transfer body, @Context SecurityContext security) {
    return ChatWire.conversationForStaff(
        conversations.transfer(id, body.agent(), body.team(), body.note(), Views.caller(security)));
  }

  @POST
  @Path("{id}/close")
  @Operation(summary = "Close the conversation")
  public JsonObject close(@PathParam("id") long id, @Context SecurityContext security) {
    return ChatWire.conversationForStaff(conversations.close(id, staff(security)));
  }

  @POST
  @Path("{id}/reopen")
  @Operation(summary = "Reopen a closed conversation")
  public JsonObject reopen(@PathParam("id") long id, @Context SecurityContext security) {
    return ChatWire.conversationForStaff(conversations.reopen(id, Views.caller(security)));
  }

  @GET
  @Path("{id}/visitor-conversations")
  @Operation(summary = "The visitor's earlier conversations in this inbox")
  public JsonArray earlier(@PathParam("id") long id, @Context SecurityContext security) {
    Conversation c = conversations.visible(id, staff(security));
    JsonArrayBuilder array = Jsons.array();
    conversations.ofVisitor(c.visitorId(), c.inboxId(), 20).stream()
        .filter(other -> !other.id().equals(c.id()))
        .forEach(other -> array.add(ChatWire.conversationForStaff(other)));
    return array.build();
  }

  @Inject Attachments attachments;

  @POST
  @Path("{id}/attachments")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Send a file",
      description =
          "The body is the file's bytes; name and id (the client id) are query parameters. The"
              + " type is sniffed from the content and must be one the inbox accepts; 413 above the"
              + " inbox's size limit.")
  public Response upload(
      @PathParam("id") long id,
      @QueryParam("name") String name,
      @QueryParam("id") String clientId,
      @Context jakarta.servlet.http.HttpServletRequest http,
      java.io.InputStream body,
      @Context SecurityContext security) {
    try {
      return AttachmentResponses.created(
          attachments.upload(
              id, staff(security), clientId, name, http.getContentLengthLong(), body));
    } catch (Attachments.TooLarge e) {
      throw AttachmentResponses.tooLarge(e);
    }
  }

  @GET
  @Path("attachments/{attachmentId}")
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "Download a file sent in a conversation")
  public Response download(
      @PathParam("attachmentId") long attachmentId, @Context SecurityContext security) {
    return AttachmentResponses.download(attachments.find(attachmentId, staff(security)));
  }

  private static Participant staff(SecurityContext security) {
    return new Participant.Staff(Views.caller(security));
  }
}
