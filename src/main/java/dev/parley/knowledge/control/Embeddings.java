package dev.parley.knowledge.control;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.parley.platform.config.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The in-process embedding model, loaded once per server at start-up on its own thread so start-up
 * does not wait for it; readiness reports it. It lives in Liberty's shared library with its native
 * libraries, which can load only once per JVM (see {@code server.xml}). Retrieval and triage embed
 * through it.
 *
 * <p>{@code parley.knowledge.embedding-model} picks it: {@value #MINILM} (default) or {@value
 * #BGE_SMALL_Q} (bge-small-en-v1.5, quantized: better retrieval, about twice the cost per chunk).
 * Both give 384 dimensions, the width of the pgvector column. Chunks remember their model; changing
 * it re-embeds the knowledge base ({@link Ingestion}).
 */
@ApplicationScoped
public class Embeddings {

  private static final Logger LOG = Logger.getLogger(Embeddings.class.getName());
  public static final String MINILM = "all-minilm-l6-v2";
  public static final String BGE_SMALL_Q = "bge-small-en-v1.5-q";
  public static final int DIMENSIONS = 384;

  @Inject
  @ConfigProperty(name = "parley.knowledge.embedding-model", defaultValue = MINILM)
  String configured;

  private final java.util.concurrent.CountDownLatch loaded =
      new java.util.concurrent.CountDownLatch(1);
  private volatile EmbeddingModel model;
  private volatile String failure;

  void load(@Observes Startup.Started started) {
    Thread loader =
        new Thread(
            () -> {
              long begin = System.nanoTime();
              try {
                // one text embeds on the caller's thread; a batch (ingestion) is spread over the
                // cores by LangChain4j across this bounded pool
                EmbeddingModel loaded =
                    create(
                        configured,
                        dev.parley.platform.concurrency.Workers.create(
                            "embedding", Runtime.getRuntime().availableProcessors(), 10_000));
                loaded.embed("warm up");
                model = loaded;
                this.loaded.countDown();
                LOG.log(
                    Level.INFO,
                    "Embedding model {0} ready in {1} ms ({2} dimensions)",
                    new Object[] {
                      configured, (System.nanoTime() - begin) / 1_000_000, loaded.dimension()
                    });
              } catch (RuntimeException | LinkageError e) {
                failure = e.toString();
                LOG.log(Level.SEVERE, "Embedding model " + configured + " could not be loaded", e);
              }
            },
            "parley-embedding-model-loader");
    loader.setDaemon(true);
    loader.start();
  }

  /** The model by its configured name; a wrong name fails start-up naming the setting. */
  public static EmbeddingModel create(String name, Executor executor) {
    return switch (name) {
      case MINILM -> new AllMiniLmL6V2EmbeddingModel(executor);
      case BGE_SMALL_Q -> new BgeSmallEnV15QuantizedEmbeddingModel(executor);
      default ->
          throw new dev.parley.platform.config.ConfigurationError(
              "parley.knowledge.embedding-model: unknown model '"
                  + name
                  + "'; use "
                  + MINILM
                  + " or "
                  + BGE_SMALL_Q,
              null);
    };
  }

  public String model() {
    return configured;
  }

  /** Embeds many texts (a batch of chunks). */
  public List<float[]> embedAll(List<String> texts) {
    try {
      return embedBatch(texts);
    } catch (RuntimeException e) {
      // one text the tokenizer reduces to nothing fails the whole batch: embed one by one
      return texts.stream().map(this::embed).toList();
    }
  }

  private List<float[]> embedBatch(List<String> texts) {
    return require()
        .embedAll(texts.stream().map(t -> TextSegment.from(embeddable(t))).toList())
        .content()
        .stream()
        .map(Embedding::vector)
        .toList();
  }

  /** Waits for the model to load (ingestion that arrives during start-up). */
  public void awaitReady(int seconds) {
    try {
      if (!loaded.await(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
        require();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the embedding model", e);
    }
    require();
  }

  public boolean ready() {
    return model != null;
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  public int dimensions() {
    return require().dimension();
  }

  /**
   * Whether a text has anything to embed: a letter or a digit. Text without (punctuation, symbols,
   * replacement characters, whitespace) is refused by the model and carries no meaning to match.
   */
  public static boolean meaningful(String text) {
    return text != null && text.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  /**
   * A text the model accepts: one that is blank (only spaces or control characters) becomes a
   * placeholder. Text the tokenizer reduces to nothing (e.g. only characters it drops) is caught in
   * {@link #embed}.
   */
  static String embeddable(String text) {
    return text == null || text.strip().isEmpty() || text.chars().allMatch(c -> c <= ' ')
        ? "(empty)"
        : text;
  }

  public float[] embed(String text) {
    EmbeddingModel model = require();
    Embedding embedding;
    try {
      embedding = model.embed(embeddable(text)).content();
    } catch (IllegalArgumentException e) {
      // "Cannot embed empty or whitespace-only text": nothing the tokenizer keeps
      embedding = model.embed(embeddable(null)).content();
    }
    return embedding.vector();
  }

  private EmbeddingModel require() {
    EmbeddingModel loaded = model;
    if (loaded == null) {
      throw new IllegalStateException(
          failure != null
              ? "embedding model failed to load: " + failure
              : "embedding model still loading");
    }
    return loaded;
  }
}
