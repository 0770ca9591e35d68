package dev.parley.knowledge.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.knowledge.control.HelpCenter;
import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.IngestState;
import dev.parley.platform.errors.DomainException;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import dev.parley.platform.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * KB-11 many articles in one request, for importers: created or updated all or nothing, each
 * refusal at its pointer ({@code #/articles/3/title}); then the batch's ingestion progress.
 */
@Path("articles/batch")
@Tag(name = "Knowledge base")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(
    roles = Role.ADMIN,
    scopes = {Scope.KB_WRITE, Scope.ADMIN})
public class ArticleBatchesResource {

  /** The most articles one request may carry. */
  static final int MAX = 500;

  /** The most articles one progress request may ask about. */
  static final int MAX_IDS = 1_000;

  @Inject HelpCenter helpCenter;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create or update many articles",
      description =
          "Body: {articles: [up to 500 articles as for POST /articles; with id, or with the slug"
              + " of an existing article, it is updated (fields left out keep their value)]}. All"
              + " or nothing: every refusal is named at its pointer (#/articles/3/title). Returns"
              + " each article's outcome (created, updated, unchanged) and the batch's ingestion"
              + " progress; follow it with GET /articles/batch?ids=…")
  public JsonObject create(JsonObject body, @Context SecurityContext security) {
    if (body == null || !(body.get("articles") instanceof JsonArray articles)) {
      throw Problem.validation().field("articles", "is required: an array of articles").exception();
    }
    Problem problem = Problem.validation();
    if (articles.isEmpty() || articles.size() > MAX) {
      problem.field("articles", "must have between 1 and " + MAX + " articles");
      throw problem.exception();
    }
    List<HelpCenter.BatchItem> items = new ArrayList<>();
    Set<Long> seen = new LinkedHashSet<>();
    for (int i = 0; i < articles.size(); i++) {
      String at = "articles/" + i;
      if (!(articles.get(i) instanceof JsonObject item)) {
        problem.field(at, "must be an object");
        continue;
      }
      Article current = null;
      JsonValue id = item.get("id");
      JsonValue slug = item.get("slug");
      if (id != null && id.getValueType() != JsonValue.ValueType.NULL) {
        if (!(id instanceof JsonNumber n) || !n.isIntegral() || n.longValue() <= 0) {
          problem.field(at + "/id", "must be an article's id");
          continue;
        }
        current = helpCenter.find(n.longValue()).orElse(null);
        if (current == null) {
          problem.field(at + "/id", "no article " + n.longValue());
          continue;
        }
      } else if (slug instanceof JsonString s) {
        current = helpCenter.findBySlug(s.getString()).orElse(null);
      } else if (slug != null && slug.getValueType() != JsonValue.ValueType.NULL) {
        problem.field(at + "/slug", "must be a text");
        continue;
      }
      if (current != null && !seen.add(current.id())) {
        problem.field(at, "the same article as an earlier one of the batch");
        continue;
      }
      try {
        items.add(
            new HelpCenter.BatchItem(
                current == null ? null : current.id(),
                ArticlesResource.draft(item, current),
                item.containsKey("html") ? "html" : "markdown"));
      } catch (ProblemException e) {
        e.problem()
            .errors()
            .forEach(
                f ->
                    problem.field(
                        f.pointer().equals("#") ? at : at + "/" + f.pointer().substring(2),
                        f.detail()));
      } catch (DomainException e) {
        e.fields().forEach((field, detail) -> problem.field(at + "/" + field, detail));
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    List<HelpCenter.BatchResult> results = helpCenter.batch(items, Views.caller(security).id());
    Map<String, Integer> outcomes = new java.util.LinkedHashMap<>();
    outcomes.put("created", 0);
    outcomes.put("updated", 0);
    outcomes.put("unchanged", 0);
    JsonArrayBuilder list = Jsons.array();
    for (HelpCenter.BatchResult r : results) {
      outcomes.merge(r.outcome(), 1, Integer::sum);
      list.add(
          Jsons.object()
              .add("id", r.article().id())
              .add("slug", r.article().slug())
              .add("outcome", r.outcome())
              .add("ingestion", ArticlesResource.ingestion(r.article())));
    }
    JsonObjectBuilder o = Jsons.object();
    outcomes.forEach(o::add);
    return o.add("articles", list)
        .add("progress", progress(results.stream().map(HelpCenter.BatchResult::article).toList()))
        .build();
  }

  @GET
  @Operation(
      summary = "The ingestion progress of a batch of articles",
      description =
          "ids: the batch's article ids, comma-separated (at most 1,000). Returns how many are"
              + " pending, running, ready and failed, the chunks embedded of the total, and each"
              + " article's state.")
  public JsonObject progress(@QueryParam("ids") String ids) {
    Set<Long> wanted = new LinkedHashSet<>();
    Problem problem = Problem.validation();
    if (ids == null || ids.isBlank()) {
      problem.field("ids", "is required: article ids, comma-separated");
    } else {
      for (String part : ids.split(",")) {
        try {
          long id = Long.parseLong(part.strip());
          if (id <= 0) {
            throw new NumberFormatException();
          }
          wanted.add(id);
        } catch (NumberFormatException e) {
          problem.field("ids", "must be article ids, comma-separated, not " + part.strip());
          break;
        }
      }
      if (wanted.size() > MAX_IDS) {
        problem.field("ids", "at most " + MAX_IDS + " ids");
      }
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    List<Article> found = helpCenter.all(wanted);
    JsonArrayBuilder list = Jsons.array();
    found.forEach(
        a ->
            list.add(
                Jsons.object().add("id", a.id()).add("ingestion", ArticlesResource.ingestion(a))));
    JsonArrayBuilder missing = Jsons.array();
    Set<Long> present = new LinkedHashSet<>();
    found.forEach(a -> present.add(a.id()));
    wanted.stream().filter(id -> !present.contains(id)).forEach(missing::add);
    return Jsons.object(progress(found)).add("articles", list).add("missing", missing).build();
  }

  private static JsonObject progress(List<Article> articles) {
    Map<IngestState, Integer> states = new EnumMap<>(IngestState.class);
    for (IngestState s : IngestState.values()) {
      states.put(s, 0);
    }
    long done = 0;
    long total = 0;
    for (Article a : articles) {
      states.merge(a.ingestState(), 1, Integer::sum);
      done += a.ingestDone();
      total += a.ingestTotal();
    }
    JsonObjectBuilder o = Jsons.object().add("count", articles.size());
    states.forEach((s, n) -> o.add(s.wire(), n));
    return o.add("chunksDone", done)
        .add("chunksTotal", total)
        .add(
            "finished",
            states.get(IngestState.READY) + states.getOrDefault(IngestState.FAILED, 0)
                == articles.size())
        .build();
  }
}
