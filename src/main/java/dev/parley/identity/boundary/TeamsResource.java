package dev.parley.identity.boundary;

import dev.parley.identity.control.Teams;
import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.identity.entity.Team;
import dev.parley.platform.rest.NotBlankWhenGiven;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Teams: agents read them (to transfer work), admins change them. */
@Path("teams")
@Tag(name = "Teams")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class TeamsResource {

  /** A team to create (name required) or the fields to change (absent ones stay). */
  public record TeamInput(
      @NotBlankWhenGiven @Size(max = 120) String name, @Size(max = 2000) String description) {}

  @Inject Teams teams;

  @GET
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(summary = "List teams and their members")
  public List<Views.TeamView> list() {
    return teams.all().stream().map(Views.TeamView::of).toList();
  }

  @GET
  @Path("{id}")
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(summary = "Get a team")
  public Views.TeamView get(@PathParam("id") long id) {
    return teams
        .find(id)
        .map(Views.TeamView::of)
        .orElseThrow(() -> Problem.notFound("No team " + id).exception());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a team")
  public Response create(TeamInput body, @Context UriInfo uri) {
    if (body.name() == null) {
      throw Problem.validation().field("name", "is required, 1 to 120 characters").exception();
    }
    Views.TeamView team = Views.TeamView.of(teams.create(body.name(), body.description()));
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(team.id())).build())
        .entity(team)
        .build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(summary = "Rename or describe a team")
  public Views.TeamView change(@PathParam("id") long id, TeamInput body) {
    return Views.TeamView.of(teams.change(id, body.name(), body.description()));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a team (its members stay)")
  public Response delete(@PathParam("id") long id) {
    teams.delete(id);
    return Response.noContent().build();
  }

  @PUT
  @Path("{id}/members/{userId}")
  @Operation(summary = "Add a user to a team")
  public Views.TeamView addMember(@PathParam("id") long id, @PathParam("userId") long userId) {
    return Views.TeamView.of(teams.addMember(id, userId));
  }

  @DELETE
  @Path("{id}/members/{userId}")
  @Operation(summary = "Remove a user from a team")
  public Views.TeamView removeMember(@PathParam("id") long id, @PathParam("userId") long userId) {
    return Views.TeamView.of(teams.removeMember(id, userId));
  }

  @GET
  @Path("{id}/business-hours")
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(
      summary = "The team's business hours",
      description = "The calendar SLA clocks count in; 404 when the team works around the clock.")
  public JsonObject businessHours(@PathParam("id") long id) {
    Team team = teams.find(id).orElseThrow(() -> Problem.notFound("No team " + id).exception());
    if (!team.hasBusinessHours()) {
      throw Problem.notFound("Team " + id + " has no business hours: it works around the clock")
          .exception();
    }
    return team.calendar().toJson();
  }

  @PUT
  @Path("{id}/business-hours")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set the team's business hours",
      description =
          "Body: {timeZone, weekly: {monday: [[\"09:00\",\"17:00\"]], ...}, holidays:"
              + " [\"2026-12-25\"]}. SLA clocks of the team's tickets count only open time.")
  public JsonObject changeBusinessHours(@PathParam("id") long id, JsonObject body) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    BusinessHours hours;
    try {
      hours = BusinessHours.parse(body);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw Problem.validation().field("weekly", e.getMessage()).exception();
    }
    return teams.changeBusinessHours(id, hours).calendar().toJson();
  }

  @DELETE
  @Path("{id}/business-hours")
  @Operation(summary = "Clear the team's business hours (around the clock)")
  public Response clearBusinessHours(@PathParam("id") long id) {
    teams.changeBusinessHours(id, null);
    return Response.noContent().build();
  }
}
