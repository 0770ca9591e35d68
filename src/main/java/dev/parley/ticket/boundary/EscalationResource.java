package dev.parley.ticket.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.OptionalBody;
import dev.parley.platform.rest.Problem;
import dev.parley.ticket.control.Escalations;
import dev.parley.ticket.entity.Ticket;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Escalation of a chat conversation to a ticket, by the staff who can act in it. */
@Path("conversations/{id}/escalate")
@Tag(name = "Conversations")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.AGENT)
public class EscalationResource {

  private static final Set<String> FIELDS = Set.of("subject", "priority", "type", "tags");

  @Inject Escalations escalations;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Escalate a conversation to a ticket",
      description =
          "Optional body: {subject, priority, type, tags}. The ticket carries the transcript as"
              + " its description and the private notes as an internal comment; the visitor"
              + " becomes the requester; conversation and ticket link to each other. 409 if the"
              + " conversation was escalated before.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "escalate",
                      value = "{\"subject\":\"Refund for order 1234\",\"priority\":\"high\"}")))
  public Response escalate(
      @PathParam("id") long id, @OptionalBody JsonObject body, @Context SecurityContext security) {
    JsonObject request = body == null ? Jsons.object().build() : body;
    Problem problem = Problem.validation();
    request.keySet().stream()
        .filter(k -> !FIELDS.contains(k))
        .forEach(k -> problem.field(k, "escalation takes subject, priority, type and tags"));
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    Ticket t = escalations.escalate(id, request, Views.caller(security));
    return Response.created(URI.create("/api/v1/tickets/" + t.id()))
        .entity(TicketViews.ticket(t))
        .build();
  }
}
