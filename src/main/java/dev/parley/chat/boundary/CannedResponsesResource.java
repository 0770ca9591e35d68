package dev.parley.chat.boundary;

import dev.parley.chat.control.CannedResponses;
import dev.parley.chat.entity.CannedResponse;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.NotBlankWhenGiven;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Canned responses: agents search and fill them in; admins write them. */
@Path("canned-responses")
@Tag(name = "Canned responses")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class CannedResponsesResource {

  /** A canned response to create (all fields) or the fields to change (absent ones stay). */
  public record CannedInput(
      @NotBlankWhenGiven @Size(max = 60) String shortcut,
      @NotBlankWhenGiven @Size(max = 200) String title,
      @NotBlankWhenGiven @Size(max = 8000) String body) {}

  @Inject CannedResponses canned;

  @GET
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(
      summary =
          "List canned responses, optionally those whose shortcut starts with q or title contains it")
  public JsonArray list(@QueryParam("q") String query) {
    JsonArrayBuilder array = Jsons.array();
    canned.search(query).forEach(c -> array.add(view(c)));
    return array.build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a canned response",
      description =
          "Body: {shortcut, title, body}. The body may use {{visitor.name}}, {{visitor.email}},"
              + " {{agent.name}}, {{conversation.id}}, {{inbox.name}}, {{visitor.fields.<key>}},"
              + " each with an optional fallback: {{visitor.name|there}}.")
  public Response create(CannedInput body) {
    CannedResponse c = canned.create(body.shortcut(), body.title(), body.body());
    return Response.status(201).entity(view(c)).build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(summary = "Change a canned response")
  public JsonObject change(@PathParam("id") long id, CannedInput body) {
    return view(canned.change(id, body.shortcut(), body.title(), body.body()));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a canned response")
  public Response delete(@PathParam("id") long id) {
    canned.delete(id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/render")
  @Allowed(roles = Role.AGENT)
  @Operation(summary = "The response filled in for a conversation (?conversation=)")
  public JsonObject render(
      @PathParam("id") long id,
      @QueryParam("conversation") Long conversation,
      @Context SecurityContext security) {
    if (conversation == null) {
      throw Problem.validation().field("conversation", "is required").exception();
    }
    return Jsons.object()
        .add("text", canned.render(id, conversation, Views.caller(security)))
        .build();
  }

  private static JsonObject view(CannedResponse c) {
    return Jsons.object()
        .add("id", c.id())
        .add("shortcut", c.shortcut())
        .add("title", c.title())
        .add("body", c.body())
        .build();
  }
}
