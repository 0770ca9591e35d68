package dev.parley.triage.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import dev.parley.triage.control.Triage;
import dev.parley.triage.control.TriageModels;
import dev.parley.triage.control.TriageTraining;
import dev.parley.triage.entity.Examples;
import dev.parley.triage.entity.Topic;
import dev.parley.triage.entity.TriageModel;
import dev.parley.triage.entity.TriageRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Locale;
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
      @NotNull @Size(max = 10_000) List<String> examples) {}

  /** A text to classify, in an inbox's topics (or only the global ones). */
  public record ClassifyRequest(@NotBlank @Size(max = 5000) String text, @Positive Long inbox) {}

  @Inject Triage triage;
  @Inject TriageTraining training;
  @Inject TriageModels models;

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
    Triage.Saved t =
        triage.create(
            body.inbox(),
            body.name(),
            description(body),
            body.team(),
            Boolean.TRUE.equals(body.humanOnly()),
            body.examples());
    return Response.status(201)
        .entity(view(t))
        .header("Location", "/api/v1/topics/" + t.topic().id())
        .build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Redefine a topic (the classifier retrains in the background)")
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
          "Body: {text, inbox}. Returns the topic (null when out of scope), the confidence, the"
              + " top 3 topics with their probability and nearest-example similarity, the reason"
              + " (in_scope, low_probability, far_from_examples, no_words, no_model), the rule"
              + " applied and the model that decided.")
  public JsonObject classify(ClassifyRequest body) {
    long begin = System.nanoTime();
    long inbox = body.inbox() == null ? 0 : body.inbox();
    Triage.Classification k = triage.classify(inbox, body.text());
    JsonArrayBuilder top = Jsons.array();
    for (Triage.Scored s : k.top()) {
      top.add(
          Jsons.object()
              .add("topic", Jsons.object().add("id", s.topic().id()).add("name", s.topic().name()))
              .add("probability", round(s.probability()))
              .add("similarity", round(s.similarity())));
    }
    var o =
        Jsons.object()
            .add("confidence", round(k.confidence()))
            .add("outOfScope", k.outOfScope())
            .add("reason", k.reason())
            .add("top", top)
            .add("micros", (System.nanoTime() - begin) / 1_000);
    if (k.rule() == null) {
      o.addNull("rule");
    } else {
      o.add(
          "rule",
          Jsons.object()
              .add("minProbability", round(k.rule().rule().minProbability()))
              .add("minSimilarity", round(k.rule().rule().minSimilarity()))
              .add("source", k.rule().source()));
    }
    if (k.modelSet() == null) {
      o.addNull("model");
    } else {
      o.add(
          "model",
          Jsons.object().add("inbox", setInbox(k.modelSet())).add("generation", k.generation()));
    }
    if (k.topic() == null) {
      o.addNull("topic");
    } else {
      o.add("topic", view(k.topic()));
    }
    return o.build();
  }

  /** An admin's explicit out-of-scope rule. */
  public record RuleInput(
      @NotNull @DecimalMin("0") @DecimalMax("1") Double minProbability,
      @NotNull @DecimalMin("0") @DecimalMax("1") Double minSimilarity) {}

  @GET
  @Path("model")
  @Operation(
      summary = "The trained models: state, progress, fitted rule and held-out accuracy per topic",
      description =
          "One entry per topic set (inbox null: the topics of every inbox; otherwise an inbox with"
              + " topics of its own). state: queued, training, ready, empty or failed; progress"
              + " while training; the fitted out-of-scope rule and what it was fitted on; per topic"
              + " the held-out accuracy and the topic it is most confused with. override: the"
              + " admin's explicit rule, used instead of the fitted ones.")
  public JsonObject model() {
    JsonArrayBuilder sets = Jsons.array();
    for (TriageModels.Status s : models.statuses()) {
      var o =
          Jsons.object()
              .add("inbox", setInbox(s.set()))
              .add("state", s.state().name().toLowerCase(Locale.ROOT))
              .add("requested", s.requested())
              .add("trained", s.trained());
      if (s.state() == TriageModel.State.TRAINING && s.phase() != null) {
        o.add(
            "progress",
            Jsons.object().add("phase", s.phase()).add("done", s.done()).add("total", s.total()));
      } else {
        o.addNull("progress");
      }
      time(o, "startedAt", s.startedAt());
      time(o, "trainedAt", s.trainedAt());
      if (s.report() == null) {
        o.addNull("report");
      } else {
        o.add("report", Jsons.read(s.report()));
      }
      if (s.error() == null) {
        o.addNull("error");
      } else {
        o.add("error", s.error());
      }
      sets.add(o);
    }
    var result = Jsons.object().add("inScopeTarget", training.options().target()).add("sets", sets);
    triage
        .override()
        .ifPresentOrElse(
            r ->
                result.add(
                    "override",
                    Jsons.object()
                        .add("minProbability", r.minProbability())
                        .add("minSimilarity", r.minSimilarity())
                        .add("updatedBy", r.updatedBy())
                        .add("updatedAt", r.updatedAt().toString())),
            () -> result.addNull("override"));
    return result.build();
  }

  @PUT
  @Path("model/rule")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Use an explicit out-of-scope rule instead of the fitted ones",
      description =
          "Body: {minProbability, minSimilarity}, each between 0 and 1. A message is in scope only"
              + " when its topic's probability and its nearest example's similarity reach them.")
  public JsonObject override(RuleInput body, @Context SecurityContext security) {
    TriageRule r =
        triage.override(
            body.minProbability(), body.minSimilarity(), Views.caller(security).getName());
    return Jsons.object()
        .add("minProbability", r.minProbability())
        .add("minSimilarity", r.minSimilarity())
        .add("updatedBy", r.updatedBy())
        .add("updatedAt", r.updatedAt().toString())
        .build();
  }

  @DELETE
  @Path("model/rule")
  @Operation(summary = "Go back to the out-of-scope rules fitted to each topic set")
  public Response clearOverride() {
    triage.clearOverride();
    return Response.noContent().build();
  }

  /** A JSON import: topics created or updated by inbox and name. */
  public record ImportInput(@NotNull @Size(max = 1000) List<@NotNull @Valid TopicInput> topics) {}

  @POST
  @Path("import")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Import topics and their examples (JSON)",
      description =
          "Body: {topics: [{name, description, inbox, team, humanOnly, examples}]}. A topic with"
              + " the same inbox and name (ignoring case) is updated, others are created; all or"
              + " nothing, with every refusal at its JSON pointer (#/topics/3/examples/17).")
  public JsonObject importJson(ImportInput body) {
    List<Triage.Definition> definitions =
        body.topics().stream()
            .map(
                t ->
                    new Triage.Definition(
                        t.inbox(),
                        t.name(),
                        description(t),
                        t.team(),
                        Boolean.TRUE.equals(t.humanOnly()),
                        t.examples()))
            .toList();
    return imported(
        triage.importTopics(
            definitions, (i, field) -> "topics/" + i + (field.isEmpty() ? "" : "/" + field)));
  }

  @POST
  @Path("import")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Operation(
      summary = "Import topics and their examples (CSV)",
      description =
          "A header row, then one example per row. Columns: topic and example (required);"
              + " description, inbox, team and human_only (optional, read from a topic's first"
              + " row). Refusals name the line (#/lines/12). `inbox` (query): the topic set of"
              + " the topics whose rows name no inbox (none: the topics of every inbox).")
  public JsonObject importCsv(String body, @QueryParam("inbox") @Positive Long inbox) {
    TopicsCsv.Parsed csv = TopicsCsv.parse(body);
    List<Triage.Definition> topics =
        csv.topics().stream()
            .map(
                d ->
                    d.inbox() != null || inbox == null
                        ? d
                        : new Triage.Definition(
                            inbox,
                            d.name(),
                            d.description(),
                            d.team(),
                            d.humanOnly(),
                            d.examples()))
            .toList();
    return imported(triage.importTopics(topics, csv::line));
  }

  private static JsonObject imported(List<Triage.Imported> done) {
    JsonArrayBuilder topics = Jsons.array();
    int created = 0;
    for (Triage.Imported i : done) {
      created += i.created() ? 1 : 0;
      topics.add(Jsons.object(view(i.saved())).add("created", i.created()));
    }
    return Jsons.object()
        .add("created", created)
        .add("updated", done.size() - created)
        .add("topics", topics)
        .build();
  }

  private static JsonValue setInbox(long set) {
    return set == TriageModel.GLOBAL ? JsonValue.NULL : Json.createValue(set);
  }

  private static void time(
      jakarta.json.JsonObjectBuilder o, String name, java.time.OffsetDateTime at) {
    if (at == null) {
      o.addNull(name);
    } else {
      o.add(name, at.toInstant().toString());
    }
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** A topic as saved, with what was done to its examples. */
  static JsonObject view(Triage.Saved saved) {
    JsonArrayBuilder notes = Jsons.array();
    for (Examples.Note n : saved.examples().notes()) {
      notes.add(
          Jsons.object()
              .add("pointer", n.pointer())
              .add("action", n.action())
              .add("detail", n.detail()));
    }
    return Jsons.object(view(saved.topic()))
        .add(
            "examplesChecked",
            Jsons.object().add("kept", saved.examples().kept().size()).add("notes", notes))
        .build();
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
