package dev.parley.triage.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import dev.parley.triage.control.Triage;
import dev.parley.triage.entity.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Triage topics: admins define them; the bot classifies visitors' first messages into them. */
@Path("topics")
@Tag(name = "Triage")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class TopicsResource {

  @Inject Triage triage;

  @GET
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(summary = "List the topics")
  public JsonArray list() {
    JsonArrayBuilder array = Jsons.array();
    triage.all().forEach(t -> array.add(view(t)));
    return array.build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Define a topic",
      description =
          "Body: {name, description, inbox (id, optional: only that inbox's conversations), team"
              + " (id, optional: where handoffs go), humanOnly (the bot never answers it),"
              + " examples: [at least 2 utterances]}.")
  public Response create(JsonObject body) {
    Spec s = spec(body);
    Topic t = triage.create(s.inbox, s.name, s.description, s.team, s.humanOnly, s.examples);
    return Response.status(201)
        .entity(view(t))
        .header("Location", "/api/v1/topics/" + t.id())
        .build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Redefine a topic (the classifier retrains)")
  public JsonObject update(@PathParam("id") long id, JsonObject body) {
    Spec s = spec(body);
    return view(triage.update(id, s.name, s.description, s.team, s.humanOnly, s.examples));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a topic")
  public Response delete(@PathParam("id") long id) {
    triage.delete(id);
    return Response.noContent().build();
  }

  @POST
  @Path("classify")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.AGENT, scopes = Scope.ADMIN)
  @Operation(
      summary = "Classify a text as the bot would",
      description =
          "Body: {text, inbox}. Returns the topic (null when out of scope) and the confidence.")
  public JsonObject classify(JsonObject body) {
    if (body == null
        || !(body.get("text") instanceof JsonString text)
        || text.getString().isBlank()) {
      throw Problem.validation().field("text", "is required").exception();
    }
    long begin = System.nanoTime();
    long inbox = body.get("inbox") instanceof JsonNumber n ? n.longValue() : 0;
    Triage.Classification k = triage.classify(inbox, text.getString());
    var o =
        Jsons.object()
            .add("confidence", k.confidence())
            .add("outOfScope", k.outOfScope())
            .add("micros", (System.nanoTime() - begin) / 1_000);
    if (k.topic() == null) {
      o.addNull("topic");
    } else {
      o.add("topic", view(k.topic()));
    }
    return o.build();
  }

  private record Spec(
      Long inbox,
      String name,
      String description,
      Long team,
      boolean humanOnly,
      List<String> examples) {}

  private static Spec spec(JsonObject body) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    Problem problem = Problem.validation();
    String name = body.get("name") instanceof JsonString s ? s.getString() : null;
    if (name == null || name.isBlank() || name.length() > 120) {
      problem.field("name", "is required, at most 120 characters");
    }
    String description = body.get("description") instanceof JsonString s ? s.getString() : "";
    if (description.length() > 2000) {
      problem.field("description", "at most 2000 characters");
    }
    Long team = null;
    JsonValue rawTeam = body.get("team");
    if (rawTeam instanceof JsonNumber n) {
      team = n.longValue();
    } else if (rawTeam != null && rawTeam != JsonValue.NULL) {
      problem.field("team", "must be a team id");
    }
    Long inbox = null;
    JsonValue rawInbox = body.get("inbox");
    if (rawInbox instanceof JsonNumber n) {
      inbox = n.longValue();
    } else if (rawInbox != null && rawInbox != JsonValue.NULL) {
      problem.field("inbox", "must be an inbox id");
    }
    boolean humanOnly = body.getBoolean("humanOnly", false);
    List<String> examples = new ArrayList<>();
    if (body.get("examples") instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof JsonString s) {
          examples.add(s.getString());
        } else {
          problem.field("examples/" + i, "must be a text");
        }
      }
    } else {
      problem.field("examples", "must be an array of example utterances");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return new Spec(inbox, name, description, team, humanOnly, examples);
  }

  static JsonObject view(Topic t) {
    var o =
        Jsons.object()
            .add("id", t.id())
            .add("name", t.name())
            .add("description", t.description())
            .add("humanOnly", t.humanOnly())
            .add("examples", Jsons.array(t.examples()));
    if (t.inboxId() == null) {
      o.addNull("inbox");
    } else {
      o.add("inbox", t.inboxId());
    }
    if (t.teamId() == null) {
      o.addNull("team");
    } else {
      o.add("team", t.teamId());
    }
    return o.build();
  }
}
