package dev.parley.ticket.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import dev.parley.ticket.control.TicketFields;
import dev.parley.ticket.entity.FieldType;
import dev.parley.ticket.entity.TicketField;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Custom ticket field definitions: everyone reads them, admins define them. */
@Path("ticket-fields")
@Tag(name = "Ticket fields")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class TicketFieldsResource {

  @Inject TicketFields fields;

  @GET
  @Allowed(
      roles = Role.AGENT,
      scopes = {Scope.TICKETS_READ, Scope.TICKETS_WRITE, Scope.ADMIN})
  @Operation(summary = "List the custom ticket fields")
  public JsonArray list() {
    JsonArrayBuilder array = Jsons.array();
    fields.all().forEach(f -> array.add(TicketViews.field(f)));
    return array.build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Define a custom ticket field",
      description =
          "Body: {key, label, type: text|number|date|dropdown|checkbox, options (dropdowns),"
              + " requiredToSolve}. The key is how tickets name the field in customFields.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "dropdown",
                      value =
                          "{\"key\":\"product\",\"label\":\"Product\",\"type\":\"dropdown\","
                              + "\"options\":[\"Inkwell\",\"Quill\"],\"requiredToSolve\":true}")))
  public Response create(JsonObject body) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    FieldType type;
    try {
      type = FieldType.fromWire(body.getString("type", ""));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw Problem.validation()
          .field("type", "must be text, number, date, dropdown or checkbox")
          .exception();
    }
    TicketField f =
        fields.create(
            text(body, "key"),
            text(body, "label"),
            type,
            options(body),
            body.getBoolean("requiredToSolve", false));
    return Response.status(201).entity(TicketViews.field(f)).build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({TicketsResource.MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Change a custom ticket field",
      description = "label, options, requiredToSolve, active (inactive fields take no new values)")
  public JsonObject change(@PathParam("id") long id, JsonObject body) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    return TicketViews.field(
        fields.change(
            id,
            text(body, "label"),
            body.containsKey("options") ? options(body) : null,
            flag(body, "requiredToSolve"),
            flag(body, "active")));
  }

  private static String text(JsonObject body, String key) {
    return body.get(key) instanceof JsonString s ? s.getString() : null;
  }

  private static Boolean flag(JsonObject body, String key) {
    JsonValue v = body.get(key);
    return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
  }

  private static List<String> options(JsonObject body) {
    List<String> options = new ArrayList<>();
    if (body.get("options") instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (!(array.get(i) instanceof JsonString s)) {
          throw Problem.validation().field("options/" + i, "must be a string").exception();
        }
        options.add(s.getString());
      }
    } else if (body.containsKey("options")) {
      throw Problem.validation().field("options", "must be an array of strings").exception();
    }
    return options;
  }
}
