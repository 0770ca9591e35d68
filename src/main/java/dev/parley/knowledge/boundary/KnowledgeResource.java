package dev.parley.knowledge.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.knowledge.control.Embeddings;
import dev.parley.knowledge.control.Ingestion;
import dev.parley.knowledge.control.Retrieval;
import dev.parley.knowledge.control.Retriever;
import dev.parley.knowledge.entity.ArticleStatus;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Searching the knowledge base, and following ingestion as it happens. */
@Path("knowledge")
@Tag(name = "Knowledge base")
@ApplicationScoped
@Allowed(
    roles = Role.AGENT,
    scopes = {Scope.KB_READ, Scope.KB_WRITE})
public class KnowledgeResource {

  @Inject Retrieval retrieval;
  @Inject Embeddings embeddings;

  private final Set<SseEventSink> listeners = new CopyOnWriteArraySet<>();
  private volatile Sse sse;

  @GET
  @Path("search")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Search the knowledge base",
      description =
          "Hybrid retrieval (vector similarity and full text, fused); mode=vector or text ranks by"
              + " one method only. Passages carry the article (id, title, anchor), the chunk's text"
              + " and each method's score and rank. Published articles by default; status=all"
              + " includes drafts and archived ones. An identifier in the query (an error code, SKU,"
              + " order number or version, written with or without separators) ranks the few"
              + " articles containing it first. vectorWeight, textWeight, k and identifierWeight"
              + " (0: no identifier leg) override the fusion's tunables for this query (for"
              + " evaluation and tuning).")
  public JsonObject search(
      @QueryParam("q") String q,
      @QueryParam("collection") String collection,
      @QueryParam("language") String language,
      @QueryParam("status") @DefaultValue("published") String status,
      @QueryParam("mode") @DefaultValue("hybrid") String mode,
      @QueryParam("limit") @DefaultValue("5") int limit,
      @QueryParam("vectorWeight") Double vectorWeight,
      @QueryParam("textWeight") Double textWeight,
      @QueryParam("k") Integer k,
      @QueryParam("fusion") String fusion,
      @QueryParam("identifierWeight") Double identifierWeight) {
    Problem problem = Problem.validation();
    if (q == null || q.isBlank()) {
      problem.field("q", "is required");
    } else if (q.length() > 2000) {
      problem.field("q", "must be at most 2000 characters");
    }
    Retrieval.Mode parsedMode = null;
    try {
      parsedMode = Retrieval.Mode.fromWire(mode);
    } catch (IllegalArgumentException e) {
      problem.field("mode", "must be hybrid, vector or text");
    }
    Set<ArticleStatus> statuses = EnumSet.of(ArticleStatus.PUBLISHED);
    if (status.equals("all")) {
      statuses = EnumSet.allOf(ArticleStatus.class);
    } else {
      try {
        statuses = EnumSet.of(ArticleStatus.fromWire(status));
      } catch (IllegalArgumentException e) {
        problem.field("status", "must be draft, published, archived or all");
      }
    }
    if (limit < 1 || limit > 50) {
      problem.field("limit", "must be between 1 and 50");
    }
    if (vectorWeight != null && (vectorWeight < 0 || vectorWeight > 10)) {
      problem.field("vectorWeight", "must be between 0 and 10");
    }
    if (textWeight != null && (textWeight < 0 || textWeight > 10)) {
      problem.field("textWeight", "must be between 0 and 10");
    }
    if (identifierWeight != null && (identifierWeight < 0 || identifierWeight > 10)) {
      problem.field("identifierWeight", "must be between 0 and 10");
    }
    if (fusion != null && !fusion.equals("rrf") && !fusion.equals("convex")) {
      problem.field("fusion", "must be rrf or convex");
    }
    if (k != null && (k < 0 || k > 1000)) {
      problem.field("k", "must be between 0 and 1000");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    if (!embeddings.ready()) {
      throw Problem.of(503, "not-ready", "Not ready")
          .detail("The embedding model is still loading")
          .header("Retry-After", "5")
          .exception();
    }
    long begin = System.nanoTime();
    Retriever.Filter filter = new Retriever.Filter(collection, language, statuses);
    var passages =
        vectorWeight == null
                && textWeight == null
                && k == null
                && fusion == null
                && identifierWeight == null
            ? retrieval.search(q.strip(), filter, parsedMode, limit)
            : retrieval.search(
                q.strip(),
                filter,
                parsedMode,
                limit,
                fusion != null ? fusion : retrieval.fusion(),
                vectorWeight != null ? vectorWeight : retrieval.vectorWeight(),
                textWeight != null ? textWeight : retrieval.textWeight(),
                k != null ? k : retrieval.k(),
                identifierWeight != null ? identifierWeight : retrieval.identifierWeight());
    JsonArrayBuilder array = Jsons.array();
    for (Retrieval.Passage p : passages) {
      array.add(passage(p));
    }
    return Jsons.object()
        .add("query", q)
        .add("mode", parsedMode.wire())
        .add("model", embeddings.modelForQuery(q.strip(), language))
        .add(
            "fusion",
            Jsons.object()
                .add("method", fusion != null ? fusion : retrieval.fusion())
                .add("vectorWeight", vectorWeight != null ? vectorWeight : retrieval.vectorWeight())
                .add("textWeight", textWeight != null ? textWeight : retrieval.textWeight())
                .add("k", k != null ? k : retrieval.k()))
        .add("tookMs", (System.nanoTime() - begin) / 1_000_000)
        .add("passages", array)
        .build();
  }

  public static JsonObject passage(Retrieval.Passage p) {
    return Jsons.object()
        .add("article", p.articleId())
        .add("title", p.title())
        .add("slug", p.slug())
        .add("anchor", p.anchor())
        .add("heading", p.heading())
        .add("text", p.text())
        .add("chunk", p.chunkId())
        .add("score", p.score())
        .add("vectorScore", p.vectorScore())
        .add("vectorRank", p.vectorRank())
        .add("textScore", p.textScore())
        .add("textRank", p.textRank())
        .build();
  }

  @GET
  @Path("ingestion")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Allowed(
      roles = Role.ADMIN,
      scopes = {Scope.KB_WRITE, Scope.ADMIN})
  @Operation(
      summary = "Follow ingestion progress (server-sent events)",
      description =
          "One event named progress per batch of chunks embedded: {article, revision, state:"
              + " running|ready|failed, done, total}.")
  public void follow(@Context SseEventSink sink, @Context Sse sse) {
    this.sse = sse;
    listeners.add(sink);
    sink.send(sse.newEventBuilder().comment("following ingestion").build());
  }

  void onProgress(@Observes Ingestion.Progress progress) {
    Sse current = sse;
    if (current == null || listeners.isEmpty()) {
      return;
    }
    OutboundSseEvent event =
        current
            .newEventBuilder()
            .name("progress")
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(String.class, progress.toJson().toString())
            .build();
    for (SseEventSink sink : listeners) {
      if (sink.isClosed()) {
        listeners.remove(sink);
        continue;
      }
      sink.send(event)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  listeners.remove(sink);
                }
              });
    }
  }
}
