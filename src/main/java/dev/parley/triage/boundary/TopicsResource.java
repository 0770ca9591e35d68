package dev.parley.triage.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.triage.control.Triage;
import dev.parley.triage.entity.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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

  /** A topic: its name, what it covers, where it routes, and the utterances that teach it. */
  public record TopicInput(
      @NotBlank @Size(max = 120) String name,
      @Size(max = 2000) String description,
      @Positive Long team,
      @Positive Long inbox,
      Boolean humanOnly,
      @NotNull @Size(max = 2000) List<@NotBlank @Size(max = 500) String> examples) {}

  /** A text to classify, in an inbox's topics (or only the global ones). */
  public record ClassifyRequest(@NotBlank @Size(max = 5000) String text, @Positive Long inbox) {}

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
  public Response create(TopicInput body) {
    Topic t =
        triage.create(
            body.inbox(),
            body.name(),
            description(body),
            body.team(),
            Boolean.TRUE.equals(body.humanOnly()),
            body.examples());
    return Response.status(201)
        .entity(view(t))
        .header("Location", "/api/v1/topics/" + t.id())
        .build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Redefine a topic (the classifier retrains)")
  public JsonObject update(@PathParam("id") long id, TopicInput body) {
    return view(
        triage.update(
            id,
            body.name(),
            description(body),
            body.team(),
            Boolean.TRUE.equals(body.humanOnly()),
            body.examples()));
  }

  private static String description(TopicInput body) {
    return body.description() == null ? "" : body.description();
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
  public JsonObject classify(ClassifyRequest body) {
    long begin = System.nanoTime();
    long inbox = body.inbox() == null ? 0 : body.inbox();
    Triage.Classification k = triage.classify(inbox, body.text());
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
