package dev.parley.identity.boundary;

import dev.parley.identity.control.ApiTokens;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API tokens. Only signed-in admins manage them: a token cannot mint or revoke tokens, so a leaked
 * token cannot entrench itself.
 */
@Path("api-tokens")
@Tag(name = "API tokens")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN)
public class ApiTokensResource {

  public record NewToken(
      @NotBlank @Size(max = 120) String name,
      @NotEmpty @Size(max = 10) List<@NotNull @Size(max = 40) String> scopes,
      @Min(1) @Max(3650) Integer expiresInDays) {}

  public record Issued(String token, Views.ApiTokenView apiToken) {}

  @Inject ApiTokens tokens;

  @GET
  @Operation(summary = "List API tokens (never their secrets)")
  public List<Views.ApiTokenView> list() {
    return tokens.all().stream().map(Views.ApiTokenView::of).toList();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get an API token")
  public Views.ApiTokenView get(@PathParam("id") long id) {
    return tokens
        .find(id)
        .map(Views.ApiTokenView::of)
        .orElseThrow(() -> Problem.notFound("No API token " + id).exception());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create an API token",
      description =
          "Scopes: tickets:read, tickets:write, kb:read, kb:write, events:read, admin. The secret"
              + " is in this response only; Parley stores its hash.")
  public Response create(NewToken body, @Context SecurityContext security, @Context UriInfo uri) {
    Problem problem = Problem.validation();
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (int i = 0; i < body.scopes().size(); i++) {
      try {
        scopes.add(Scope.fromWire(body.scopes().get(i)));
      } catch (IllegalArgumentException e) {
        problem.field("scopes/" + i, e.getMessage());
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    OffsetDateTime expiresAt =
        body.expiresInDays() == null
            ? null
            : OffsetDateTime.now(ZoneOffset.UTC).plusDays(body.expiresInDays());
    ApiTokens.Issued issued =
        tokens.create(body.name(), scopes, expiresAt, Views.caller(security).id());
    return Response.created(
            uri.getAbsolutePathBuilder().path(issued.token().id().toString()).build())
        .entity(new Issued(issued.secret(), Views.ApiTokenView.of(issued.token())))
        .header("Cache-Control", "no-store")
        .build();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke an API token; it stops working on every node at once")
  public Response revoke(@PathParam("id") long id, @Context SecurityContext security) {
    tokens
        .revoke(id, Views.caller(security).id())
        .orElseThrow(() -> Problem.notFound("No API token " + id).exception());
    return Response.noContent().build();
  }
}
