package dev.parley.knowledge.control;

import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.IngestState;
import dev.parley.platform.config.Startup;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ingestion: article → heading-aware chunks ({@link Chunker}) → batched in-process embedding →
 * stored chunks ({@link ChunkStore}). It runs asynchronously off the durable JMS queue {@value
 * #QUEUE}, which carries article ids: saving an article queues it in the same transaction (sent on
 * commit), any node takes it, a failure is retried by redelivery and, after {@code
 * parley.knowledge.ingest-attempts}, the article is marked failed with the reason.
 *
 * <p>Only changed chunks are embedded again: a chunk is known by the hash of its model and embedded
 * text, so editing one section of a long article embeds that section. Progress ({@link Progress})
 * is reported after each batch, as a CDI event on this node and on the {@value #PROGRESS_TOPIC}
 * topic for the others; the admin UI shows it as progress bars.
 */
@ApplicationScoped
public class Ingestion {

  private static final Logger LOG = Logger.getLogger(Ingestion.class.getName());

  public static final String QUEUE = "parley.knowledge.ingest";
  public static final String PROGRESS_TOPIC = "parley.knowledge.progress";

  /** Where one article's ingestion stands. */
  public record Progress(long articleId, int revision, IngestState state, int done, int total) {
    public JsonObject toJson() {
      return Jsons.object()
          .add("article", articleId)
          .add("revision", revision)
          .add("state", state.wire())
          .add("done", done)
          .add("total", total)
          .build();
    }

    static Progress fromJson(String text) {
      JsonObject o = jakarta.json.Json.createReader(new StringReader(text)).readObject();
      return new Progress(
          o.getJsonNumber("article").longValue(),
          o.getInt("revision"),
          IngestState.valueOf(o.getString("state").toUpperCase(java.util.Locale.ROOT)),
          o.getInt("done"),
          o.getInt("total"));
    }
  }

  /** What one ingestion run must do, decided in a short transaction before embedding. */
  public record Plan(
      int revision, String model, List<Chunker.Chunk> chunks, List<Chunker.Chunk> toEmbed) {}

  @PersistenceContext EntityManager em;
  @Inject Broker broker;
  @Inject Embeddings embeddings;
  @Inject ChunkStore store;
  @Inject Retrieval retrieval;
  @Inject Event<Progress> progressEvents;

  /** This bean through its proxy, so that its own calls run in their transactions. */
  @Inject Ingestion self;

  @Inject
  @ConfigProperty(name = "parley.knowledge.chunk-words", defaultValue = "80")
  int chunkWords;

  @Inject
  @ConfigProperty(name = "parley.knowledge.chunk-overlap", defaultValue = "20")
  int chunkOverlap;

  @Inject
  @ConfigProperty(name = "parley.knowledge.title-chunk", defaultValue = "true")
  boolean titleChunk;

  @Inject
  @ConfigProperty(name = "parley.knowledge.embed-batch", defaultValue = "16")
  int batch;

  @Inject
  @ConfigProperty(name = "parley.knowledge.ingest-attempts", defaultValue = "3")
  int attempts;

  @Inject
  @ConfigProperty(name = "parley.knowledge.ingest-consumers", defaultValue = "2")
  int consumers;

  private Chunker chunker;

  @PostConstruct
  void init() {
    chunker = new Chunker(chunkWords, chunkOverlap, titleChunk);
  }

  public Chunker chunker() {
    return chunker;
  }

  void onStart(@Observes Startup.Started started) {
    int filled = 0;
    for (int n = store.fillIdentifiers(2_000); n > 0; n = store.fillIdentifiers(2_000)) {
      filled += n; // once, after the upgrade that added them
    }
    if (filled > 0) {
      LOG.log(Level.INFO, "Found the identifiers of {0} stored chunks", filled);
    }
    int segmented = 0;
    for (int n = store.fillFullText(2_000); n > 0; n = store.fillFullText(2_000)) {
      segmented += n; // once, after the upgrade that segments Chinese
    }
    if (segmented > 0) {
      LOG.log(Level.INFO, "Indexed the full text of {0} stored chunks again", segmented);
    }
    broker.consume(QUEUE, consumers, this::receive);
    if (store.postgres()) { // the embedded default is one node: nobody else to hear from
      broker.subscribeFromOthers(PROGRESS_TOPIC, broker.node(), this::remoteProgress);
    }
    self.requeueUnfinished();
  }

  /**
   * Queues what is not ingested yet (a crash mid-way, the first start with the demo help center)
   * and what was embedded by another model than the configured one.
   */
  @Transactional
  public int requeueUnfinished() {
    List<Long> ids =
        new ArrayList<>(
            em.createQuery(
                    "SELECT a.id FROM Article a WHERE a.ingestState IN :states OR"
                        + " a.ingestedRevision <> a.revision",
                    Long.class)
                .setParameter("states", List.of(IngestState.PENDING, IngestState.RUNNING))
                .getResultList());
    for (Long id : store.embeddedByOtherModel(embeddings::modelFor)) {
      if (!ids.contains(id)) {
        Article a = em.find(Article.class, id);
        if (a != null) {
          a.reingest();
          ids.add(id);
        }
      }
    }
    ids.forEach(this::request);
    if (!ids.isEmpty()) {
      LOG.log(Level.INFO, "Queued {0} articles for ingestion", ids.size());
    }
    return ids.size();
  }

  /** Queues an article for ingestion once the caller's transaction commits. */
  public void request(long articleId) {
    broker.enqueue(QUEUE, Long.toString(articleId));
  }

  private void receive(String message) {
    ingest(Long.parseLong(message.trim()));
  }

  /**
   * Ingests an article's current revision. Throws when it should be retried; gives up (marking the
   * article failed) after the configured attempts.
   */
  public void ingest(long articleId) {
    Plan plan;
    try {
      embeddings.awaitReady(120);
      plan = self.plan(articleId);
    } catch (RuntimeException e) {
      failed(articleId, e);
      throw e;
    }
    if (plan == null) {
      return; // deleted meanwhile, or already ingested
    }
    try {
      Map<String, float[]> embedded = new HashMap<>();
      String model = plan.model();
      List<Chunker.Chunk> todo = plan.toEmbed();
      for (int from = 0; from < todo.size(); from += batch) {
        List<Chunker.Chunk> part = todo.subList(from, Math.min(todo.size(), from + batch));
        List<float[]> vectors =
            embeddings.embedAll(part.stream().map(Chunker.Chunk::embedded).toList(), model);
        for (int i = 0; i < part.size(); i++) {
          embedded.put(part.get(i).hash(model), vectors.get(i));
        }
        progress(articleId, plan.revision(), embedded.size(), todo.size());
      }
      if (self.store(articleId, plan, embedded)) {
        retrieval.retriever().changed(articleId);
        report(
            new Progress(articleId, plan.revision(), IngestState.READY, todo.size(), todo.size()));
      }
    } catch (RuntimeException e) {
      if (!failed(articleId, e)) {
        throw e;
      }
    }
  }

  @Transactional
  public Plan plan(long articleId) {
    Article a = em.find(Article.class, articleId);
    if (a == null) {
      retrieval.retriever().changed(articleId);
      return null;
    }
    if (a.ingestState() == IngestState.READY && a.ingestedRevision() == a.revision()) {
      return null;
    }
    List<Chunker.Chunk> chunks = chunker.chunk(a.title(), a.body());
    Map<String, ChunkStore.Stored> stored = store.of(articleId);
    String model = embeddings.modelFor(a.language());
    List<Chunker.Chunk> toEmbed = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Chunker.Chunk c : chunks) {
      String hash = c.hash(model);
      if (!stored.containsKey(hash) && seen.add(hash)) {
        toEmbed.add(c);
      }
    }
    a.ingesting(toEmbed.size());
    report(new Progress(articleId, a.revision(), IngestState.RUNNING, 0, toEmbed.size()));
    return new Plan(a.revision(), model, chunks, toEmbed);
  }

  @Transactional
  public void progressed(long articleId, int done) {
    Article a = em.find(Article.class, articleId);
    if (a != null) {
      a.progressed(done);
    }
  }

  private void progress(long articleId, int revision, int done, int total) {
    self.progressed(articleId, done);
    report(new Progress(articleId, revision, IngestState.RUNNING, done, total));
  }

  /** Stores the chunks unless the article changed or went meanwhile (its own message follows). */
  @Transactional
  public boolean store(long articleId, Plan plan, Map<String, float[]> embedded) {
    Article a = em.find(Article.class, articleId, LockModeType.PESSIMISTIC_WRITE);
    if (a == null
        || a.revision() != plan.revision()
        || !embeddings.modelFor(a.language()).equals(plan.model())) {
      return false;
    }
    store.replace(articleId, a.title(), plan.model(), plan.chunks(), embedded, store.of(articleId));
    a.ingested(plan.revision());
    return true;
  }

  /** Records a failure; returns true when the article is given up on (no more retries). */
  private boolean failed(long articleId, RuntimeException e) {
    try {
      return self.markFailed(articleId, e.toString());
    } catch (RuntimeException inner) {
      LOG.log(Level.WARNING, "Cannot record the ingestion failure of article " + articleId, inner);
      return false;
    }
  }

  @Transactional
  public boolean markFailed(long articleId, String error) {
    Article a = em.find(Article.class, articleId);
    if (a == null) {
      return true;
    }
    if (a.ingestAttempts() >= attempts) {
      a.ingestionFailed(error);
      LOG.log(
          Level.WARNING,
          "Ingestion of article {0} failed after {1} attempts: {2}",
          new Object[] {articleId, a.ingestAttempts(), error});
      report(
          new Progress(
              articleId, a.revision(), IngestState.FAILED, a.ingestDone(), a.ingestTotal()));
      return true;
    }
    return false;
  }

  private void report(Progress progress) {
    broker.afterCommit(
        () -> {
          progressEvents.fire(progress);
          if (store.postgres()) {
            try {
              broker.publish(PROGRESS_TOPIC, progress.toJson().toString(), broker.node());
            } catch (RuntimeException e) {
              LOG.log(Level.FINE, "Cannot publish ingestion progress", e);
            }
          }
        });
  }

  private void remoteProgress(String text) {
    progressEvents.fire(Progress.fromJson(text));
  }
}
