package dev.parley.knowledge.control;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import dev.parley.platform.config.Startup;
import dev.parley.platform.text.Languages;
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
 * The in-process embedding models, loaded once per server at start-up on their own thread so
 * start-up does not wait for them; readiness reports the default one. They live in Liberty's shared
 * library with their native libraries, which can load only once per JVM (see {@code server.xml}).
 * Retrieval and triage embed through them.
 *
 * <p>Two vector spaces. The default one: {@code parley.knowledge.embedding-model} picks {@value
 * #MINILM} (default) or {@value #BGE_SMALL_Q} (bge-small-en-v1.5, quantized: better retrieval,
 * about twice the cost per chunk), both 384 dimensions. The Chinese one: articles in Chinese
 * ({@code language: zh}) and questions written in Chinese ({@link Languages#isChinese}) are
 * embedded by {@code parley.knowledge.chinese-embedding-model}, {@value #BGE_SMALL_ZH_Q}
 * (bge-small-zh-v1.5, quantized, 512 dimensions), or {@code none} to keep Chinese in the default
 * space. Vectors of the two spaces are never compared. Chunks remember their model; changing one
 * re-embeds what it embedded ({@link Ingestion}).
 */
@ApplicationScoped
public class Embeddings {

  private static final Logger LOG = Logger.getLogger(Embeddings.class.getName());
  public static final String MINILM = "all-minilm-l6-v2";
  public static final String BGE_SMALL_Q = "bge-small-en-v1.5-q";
  public static final String BGE_SMALL_ZH_Q = "bge-small-zh-v1.5-q";
  public static final String NONE = "none";
  public static final int DIMENSIONS = 384;

  @Inject
  @ConfigProperty(name = "parley.knowledge.embedding-model", defaultValue = MINILM)
  String configured;

  @Inject
  @ConfigProperty(name = "parley.knowledge.chinese-embedding-model", defaultValue = BGE_SMALL_ZH_Q)
  String chinese;

  /**
   * How much higher bge-small-zh-v1.5 rates the same relation than the default model: measured on
   * the Chinese dev set (EVALUATION.md), answerable questions reach a median top similarity of 0.66
   * and unanswerable ones 0.54, where the default model's floors (0.45 to answer) sit below real
   * questions and above noise. Similarity floors apply to a Chinese passage's similarity less this.
   */
  @Inject
  @ConfigProperty(name = "parley.knowledge.chinese-similarity-offset", defaultValue = "0.15")
  double chineseOffset;

  private final java.util.concurrent.CountDownLatch loaded =
      new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.CountDownLatch chineseLoaded =
      new java.util.concurrent.CountDownLatch(1);
  private volatile EmbeddingModel model;
  private volatile EmbeddingModel chineseModel;
  private volatile String failure;
  private volatile String chineseFailure;

  /** Whether a model embeds into the Chinese vector space. */
  public static boolean chineseSpace(String model) {
    return BGE_SMALL_ZH_Q.equals(model);
  }

  void load(@Observes Startup.Started started) {
    // the setting was checked by Settings.validate() before start-up went on
    if (!configured.equals(MINILM) && !configured.equals(BGE_SMALL_Q)) {
      create(configured, Runnable::run); // fails start-up naming the setting
    }
    Thread loader =
        new Thread(
            () -> {
              // one text embeds on the caller's thread; a batch (ingestion) is spread over the
              // cores by LangChain4j across this bounded pool
              Executor pool =
                  dev.parley.platform.concurrency.Workers.create(
                      "embedding", Runtime.getRuntime().availableProcessors(), 10_000);
              try {
                model = load(configured, pool);
              } catch (RuntimeException | LinkageError e) {
                failure = e.toString();
              }
              this.loaded.countDown();
              if (!chinese.equals(NONE)) {
                try {
                  chineseModel = load(chinese, pool);
                } catch (RuntimeException | LinkageError e) {
                  chineseFailure = e.toString();
                }
              }
              chineseLoaded.countDown();
            },
            "parley-embedding-model-loader");
    loader.setDaemon(true);
    loader.start();
  }

  private static EmbeddingModel load(String name, Executor pool) {
    long begin = System.nanoTime();
    try {
      EmbeddingModel loaded = create(name, pool);
      loaded.embed("warm up");
      LOG.log(
          Level.INFO,
          "Embedding model {0} ready in {1} ms ({2} dimensions)",
          new Object[] {name, (System.nanoTime() - begin) / 1_000_000, loaded.dimension()});
      return loaded;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "Embedding model " + name + " could not be loaded", e);
      throw e;
    }
  }

  /** The model by its configured name; a wrong name fails start-up naming the setting. */
  public static EmbeddingModel create(String name, Executor executor) {
    return switch (name) {
      case MINILM -> new AllMiniLmL6V2EmbeddingModel(executor);
      case BGE_SMALL_Q -> new BgeSmallEnV15QuantizedEmbeddingModel(executor);
      case BGE_SMALL_ZH_Q -> new BgeSmallZhV15QuantizedEmbeddingModel(executor);
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

  /** What a model's similarities are above the default space's for the same relation. */
  public double similarityOffset(String model) {
    return chineseSpace(model) ? chineseOffset : 0;
  }

  /** The default space's model. */
  public String model() {
    return configured;
  }

  /** The Chinese space's model, or {@value #NONE}. */
  public String chineseModel() {
    return chinese;
  }

  /** The model that embeds an article in a language (its tag, {@code zh} for Chinese). */
  public String modelFor(String language) {
    return Languages.isChineseTag(language) && !chinese.equals(NONE) ? chinese : configured;
  }

  /**
   * The model that embeds a question: the language asked for (a search restricted to one), else the
   * question's own: Chinese for a question written in Chinese.
   */
  public String modelForQuery(String text, String language) {
    if (language != null) {
      return modelFor(language);
    }
    return Languages.isChinese(text) ? modelFor(Languages.CHINESE) : configured;
  }

  /** Embeds many texts (a batch of chunks) with a model. */
  public List<float[]> embedAll(List<String> texts, String model) {
    try {
      return embedBatch(texts, model);
    } catch (RuntimeException e) {
      // one text the tokenizer reduces to nothing fails the whole batch: embed one by one
      return texts.stream().map(t -> embed(t, model)).toList();
    }
  }

  /** Embeds many texts (a batch of chunks) in the default space. */
  public List<float[]> embedAll(List<String> texts) {
    return embedAll(texts, configured);
  }

  private List<float[]> embedBatch(List<String> texts, String name) {
    return require(name)
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

  /** Embeds a text in the default space. */
  public float[] embed(String text) {
    return embed(text, configured);
  }

  /** Embeds a text with a model ({@link #model()} or {@link #chineseModel()}). */
  public float[] embed(String text, String name) {
    EmbeddingModel model = require(name);
    Embedding embedding;
    try {
      embedding = model.embed(embeddable(text)).content();
    } catch (IllegalArgumentException e) {
      // "Cannot embed empty or whitespace-only text": nothing the tokenizer keeps
      embedding = model.embed(embeddable(null)).content();
    }
    return embedding.vector();
  }

  private EmbeddingModel require(String name) {
    if (name.equals(configured)) {
      return require();
    }
    if (!name.equals(chinese) || chinese.equals(NONE)) {
      throw new IllegalArgumentException("no embedding model " + name + " in this installation");
    }
    try {
      if (!chineseLoaded.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("embedding model " + name + " still loading");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
    EmbeddingModel loaded = chineseModel;
    if (loaded == null) {
      throw new IllegalStateException(
          "embedding model " + name + " failed to load: " + chineseFailure);
    }
    return loaded;
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
