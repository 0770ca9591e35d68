package dev.parley.knowledge.control;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.parley.platform.config.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-process embedding model (all-MiniLM-L6-v2, 384 dimensions, ONNX), loaded once per server
 * at start-up on its own thread so start-up does not wait for it; readiness reports it. It lives in
 * Liberty's shared library with its native libraries, which can load only once per JVM (see {@code
 * server.xml}). Retrieval and triage embed through it.
 */
@ApplicationScoped
public class Embeddings {

  private static final Logger LOG = Logger.getLogger(Embeddings.class.getName());
  public static final String MODEL = "all-MiniLM-L6-v2";

  private volatile EmbeddingModel model;
  private volatile String failure;

  void load(@Observes Startup.Started started) {
    Thread loader =
        new Thread(
            () -> {
              long begin = System.nanoTime();
              try {
                // the caller's thread embeds: on 2 cores a pool adds hand-offs, not speed
                EmbeddingModel loaded = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
                loaded.embed("warm up");
                model = loaded;
                LOG.log(
                    Level.INFO,
                    "Embedding model {0} ready in {1} ms ({2} dimensions)",
                    new Object[] {
                      MODEL, (System.nanoTime() - begin) / 1_000_000, loaded.dimension()
                    });
              } catch (RuntimeException | LinkageError e) {
                failure = e.toString();
                LOG.log(Level.SEVERE, "Embedding model " + MODEL + " could not be loaded", e);
              }
            },
            "parley-embedding-model-loader");
    loader.setDaemon(true);
    loader.start();
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

  public float[] embed(String text) {
    Embedding embedding = require().embed(text).content();
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
