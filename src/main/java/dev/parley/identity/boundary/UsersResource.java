package dev.parley.identity.boundary;

import dev.parley.identity.control.Passwords;
import dev.parley.identity.control.Users;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admins manage agents and admins. Only signed-in admins change the directory: an API token, even
 * with the {@code admin} scope, may read it but not create users, change roles, reset passwords or
 * sign people out (ID-8), so a leaked token cannot mint accounts or take one over.
 */
@Path("users")
@Tag(name = "Users")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN)
public class UsersResource {

  static final String EMAIL =
      "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$|^[^@\\s]+@localhost$|^[^@\\s]+@[^@\\s]+\\.local$";

  public record NewUser(String email, String displayName, String role, String password) {}

  public record UserChanges(String email, String displayName, String role, Boolean active) {}

  public record Created(Views.UserView user, String oneTimePassword) {}

  public record Reset(long userId, String oneTimePassword) {}

  @Inject Users users;
  @Inject Passwords passwords;

  @GET
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Operation(summary = "List users")
  public List<Views.UserView> list() {
    return users.all().stream().map(Views.UserView::of).toList();
  }

  @GET
  @Path("{id}")
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Operation(summary = "Get a user")
  public Views.UserView get(@PathParam("id") long id) {
    return users
        .find(id)
        .map(Views.UserView::of)
        .orElseThrow(() -> Problem.notFound("No user " + id).exception());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create an agent or admin",
      description =
          "Without a password a one-time password is generated and returned once; the user must"
              + " change it after signing in.")
  public Response create(NewUser body, @Context UriInfo uri) {
    Problem problem = Problem.validation();
    if (body == null) {
      throw problem.field("email", "is required").exception();
    }
    if (body.email() == null || !body.email().trim().matches(EMAIL)) {
      problem.field("email", "must be an email address");
    }
    if (body.displayName() == null || body.displayName().isBlank()) {
      problem.field("displayName", "is required");
    } else if (body.displayName().length() > 200) {
      problem.field("displayName", "must be at most 200 characters");
    }
    Role role = null;
    try {
      role = Role.fromWire(body.role() == null ? "agent" : body.role());
    } catch (IllegalArgumentException e) {
      problem.field("role", e.getMessage());
    }
    if (body.password() != null && passwords.weakness(body.password()) != null) {
      problem.field("password", passwords.weakness(body.password()));
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    Users.WithPassword created =
        users.create(body.email(), body.displayName(), role, body.password());
    return Response.created(
            uri.getAbsolutePathBuilder().path(created.user().id().toString()).build())
        .entity(new Created(Views.UserView.of(created.user()), created.oneTimePassword()))
        .header("Cache-Control", "no-store")
        .build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change a user's email, name, role or active flag (deactivation signs them out)")
  public Views.UserView change(@PathParam("id") long id, UserChanges body) {
    if (body == null) {
      throw Problem.badRequest("A JSON body with the fields to change is required").exception();
    }
    Problem problem = Problem.validation();
    if (body.email() != null && !body.email().trim().matches(EMAIL)) {
      problem.field("email", "must be an email address");
    }
    if (body.displayName() != null
        && (body.displayName().isBlank() || body.displayName().length() > 200)) {
      problem.field("displayName", "must be 1 to 200 characters");
    }
    Role role = null;
    if (body.role() != null) {
      try {
        role = Role.fromWire(body.role());
      } catch (IllegalArgumentException e) {
        problem.field("role", e.getMessage());
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return Views.UserView.of(
        users.change(id, new Users.Changes(body.email(), body.displayName(), role, body.active())));
  }

  @POST
  @Path("{id}/password-reset")
  @Operation(
      summary = "Reset a user's password to a one-time password (returned once); signs them out")
  public Response resetPassword(@PathParam("id") long id) {
    Users.WithPassword reset = users.resetPassword(id);
    return Response.ok(new Reset(reset.user().id(), reset.oneTimePassword()))
        .header("Cache-Control", "no-store")
        .build();
  }

  @DELETE
  @Path("{id}/sessions")
  @Operation(summary = "Sign a user out everywhere")
  public Response signOut(@PathParam("id") long id) {
    users.signOutEverywhere(id);
    return Response.noContent().build();
  }
}
