package dev.parley.identity.boundary;

import dev.parley.identity.control.Users;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller themselves. */
@Path("me")
@Tag(name = "Me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

  public record TokenView(String kind, long id, String name, List<String> scopes) {}

  public record PasswordChange(
      @NotNull @Size(max = 1024) String currentPassword,
      @NotNull @Size(max = 1024) String newPassword) {}

  @Inject Users users;

  @GET
  @Allowed(
      roles = Role.AGENT,
      scopes = {
        Scope.TICKETS_READ,
        Scope.TICKETS_WRITE,
        Scope.KB_READ,
        Scope.KB_WRITE,
        Scope.EVENTS_READ,
        Scope.REPORTS_READ,
        Scope.ADMIN
      },
      beforePasswordChange = true)
  @Operation(summary = "Who am I: the signed-in user, or the API token in use")
  public Object me(@Context SecurityContext security) {
    Caller caller = Views.caller(security);
    if (caller.isUser()) {
      return Views.UserView.of(
          users.find(caller.id()).orElseThrow(() -> Problem.unauthorized("User gone").exception()));
    }
    return new TokenView(
        "api_token",
        caller.id(),
        caller.name(),
        caller.scopes().stream().map(Scope::wire).sorted().toList());
  }

  @PUT
  @Path("password")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, beforePasswordChange = true)
  @Operation(
      summary = "Change my password (the current one is required)",
      description =
          "After a sign-in with a one-time password this is the only thing the session may do;"
              + " once changed, the session may do what the role allows.")
  public Response changePassword(PasswordChange body, @Context SecurityContext security) {
    users.changeOwnPassword(
        Views.caller(security).id(), body.currentPassword(), body.newPassword());
    return Response.noContent().build();
  }
}
