package dev.parley.ticket.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import dev.parley.ticket.control.Contacts;
import dev.parley.ticket.control.Contacts.ContactInput;
import dev.parley.ticket.entity.Contact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Contacts, the requesters of tickets: unique by email (ignoring case) and by external id. Every
 * agent reads them; agents and {@code tickets:write} tokens change them.
 */
@ApplicationScoped
@Path("contacts")
@Tag(name = "Contacts")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(
    roles = Role.AGENT,
    scopes = {Scope.TICKETS_READ, Scope.TICKETS_WRITE})
public class ContactsResource {

  private static final Set<String> FIELDS = Set.of("name", "email", "externalId", "organization");
  private static final String EXAMPLE =
      "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"externalId\":\"crm-1815\","
          + "\"organization\":\"Analytical Engines Ltd\"}";

  @Inject Contacts contacts;

  @GET
  @Operation(
      summary = "List contacts",
      description =
          "q: a prefix of the name or email; email, externalId: exact. Ordered by id; pass the"
              + " response's next as cursor.")
  public JsonObject list(
      @QueryParam("q") String q,
      @QueryParam("email") String email,
      @QueryParam("externalId") String externalId,
      @QueryParam("cursor") @DefaultValue("0") long cursor,
      @QueryParam("limit") @DefaultValue("25") int limit) {
    if (limit < 1 || limit > 100) {
      throw Problem.validation().field("limit", "must be 1 to 100").exception();
    }
    List<Contact> page = contacts.list(q, email, externalId, cursor, limit + 1);
    JsonArrayBuilder array = Jsons.array();
    page.stream().limit(limit).forEach(c -> array.add(TicketViews.contact(c)));
    var body = Jsons.object().add("contacts", array);
    if (page.size() > limit) {
      body.add("next", Long.toString(page.get(limit - 1).id()));
    } else {
      body.addNull("next");
    }
    return body.build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Create a contact",
      description = "Needs an email or an externalId; 409 naming the contact that has either.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "contact", value = EXAMPLE)))
  public Response create(JsonObject body, @Context UriInfo uri) {
    Contact c = contacts.create(input(body));
    return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(c.id())).build())
        .entity(TicketViews.contact(c))
        .build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a contact")
  public JsonObject get(@PathParam("id") long id) {
    return TicketViews.contact(contacts.find(id));
  }

  @PATCH
  @Path("{id}")
  @Consumes({TicketsResource.MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Allowed(roles = Role.AGENT, scopes = Scope.TICKETS_WRITE)
  @Operation(
      summary = "Change a contact (JSON Merge Patch)",
      description = "organization: null leaves the organization.")
  public JsonObject change(@PathParam("id") long id, JsonObject body) {
    boolean clearOrganization =
        body != null
            && body.containsKey("organization")
            && body.get("organization").getValueType() == JsonValue.ValueType.NULL;
    return TicketViews.contact(contacts.change(id, input(body), clearOrganization));
  }

  private static ContactInput input(JsonObject body) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    Problem problem = Problem.validation();
    for (var e : body.entrySet()) {
      if (!FIELDS.contains(e.getKey())) {
        problem.field(e.getKey(), "is not a contact field");
      } else if (!(e.getValue() instanceof JsonString)
          && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
        problem.field(e.getKey(), "must be a string");
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return new ContactInput(
        text(body, "name"),
        text(body, "email"),
        text(body, "externalId"),
        text(body, "organization"));
  }

  private static String text(JsonObject body, String key) {
    return body.get(key) instanceof JsonString s ? s.getString() : null;
  }
}
