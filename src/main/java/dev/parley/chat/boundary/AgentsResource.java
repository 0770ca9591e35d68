package dev.parley.chat.boundary;

import dev.parley.chat.control.Assignments;
import dev.parley.chat.control.Presence;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Agents as chat sees them: presence and capacity for automatic assignment. */
@Path("agents")
@Tag(name = "Agents")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
public class AgentsResource {

  /** How many open conversations an agent takes at once. */
  public record Capacity(@NotNull @Min(0) @Max(100) Integer capacity) {}

  @Inject Presence presence;
  @Inject Assignments assignments;

  @GET
  @Path("{id}/chat")
  @Operation(summary = "An agent's presence and capacity")
  public JsonObject get(@PathParam("id") long id) {
    return Jsons.object()
        .add("agent", id)
        .add("presence", presence.of(id).wire())
        .add("capacity", assignments.capacityOf(id))
        .build();
  }

  @PUT
  @Path("{id}/chat/capacity")
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set how many open conversations the agent takes at once (0-100)")
  public JsonObject setCapacity(@PathParam("id") long id, Capacity body) {
    assignments.setCapacity(id, body.capacity());
    return get(id);
  }
}
