package dev.parley.ticket.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import dev.parley.ticket.control.SlaPolicies;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.SlaMetric;
import dev.parley.ticket.entity.SlaPolicy;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SLA policies: per priority, first-response, next-response and resolution targets as ISO-8601
 * durations of business time (the ticket team's calendar).
 */
@Path("sla-policies")
@Tag(name = "SLA policies")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class SlaPoliciesResource {

  @Inject SlaPolicies policies;

  @GET
  @Allowed(
      roles = Role.AGENT,
      scopes = {Scope.TICKETS_READ, Scope.TICKETS_WRITE, Scope.ADMIN})
  @Operation(summary = "The SLA policy of every priority")
  public JsonArray list() {
    JsonArrayBuilder array = Jsons.array();
    policies.all().forEach(p -> array.add(view(p)));
    return array.build();
  }

  @PUT
  @Path("{priority}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set the targets of a priority",
      description =
          "Body: {firstResponse, nextResponse, resolution} as ISO-8601 durations (PT4H, P2D);"
              + " null or absent: not measured. New and re-prioritized tickets count against it.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "urgent",
                      value =
                          "{\"firstResponse\":\"PT1H\",\"nextResponse\":\"PT2H\","
                              + "\"resolution\":\"PT8H\"}")))
  public JsonObject change(@PathParam("priority") String priority, JsonObject body) {
    Priority p;
    try {
      p = Priority.fromWire(priority);
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("No priority " + priority + "; use low, normal, high or urgent")
          .exception();
    }
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    Problem problem = Problem.validation();
    Duration first = duration(body, "firstResponse", problem);
    Duration next = duration(body, "nextResponse", problem);
    Duration resolution = duration(body, "resolution", problem);
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return view(policies.change(p, first, next, resolution));
  }

  private static Duration duration(JsonObject body, String key, Problem problem) {
    JsonValue v = body.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    try {
      Duration d = Duration.parse(((JsonString) v).getString());
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(365)) > 0) {
        problem.field(key, "must be more than zero and at most a year");
      }
      return d;
    } catch (ClassCastException | DateTimeParseException e) {
      problem.field(key, "must be an ISO-8601 duration like PT4H");
      return null;
    }
  }

  private static JsonObject view(SlaPolicy p) {
    JsonObjectBuilder b = Jsons.object().add("priority", p.priority().wire());
    put(b, "firstResponse", p, SlaMetric.FIRST_RESPONSE);
    put(b, "nextResponse", p, SlaMetric.NEXT_RESPONSE);
    put(b, "resolution", p, SlaMetric.RESOLUTION);
    return b.build();
  }

  private static void put(JsonObjectBuilder b, String key, SlaPolicy p, SlaMetric metric) {
    p.target(metric).ifPresentOrElse(d -> b.add(key, d.toString()), () -> b.addNull(key));
  }
}
