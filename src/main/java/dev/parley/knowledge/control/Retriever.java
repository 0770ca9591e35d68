package dev.parley.knowledge.control;

import dev.parley.knowledge.entity.ArticleStatus;
import java.util.List;
import java.util.Set;

/**
 * Finds chunks two ways: by embedding similarity and by full text. {@link PostgresRetriever} asks
 * pgvector (HNSW) and PostgreSQL's text search; {@link MemoryRetriever} searches the embedded
 * default's chunks in memory (cosine and BM25). {@link Retrieval} fuses the two rankings.
 */
public interface Retriever {

  /** What may be found: a collection and a language (null: any) and the article statuses. */
  record Filter(String collection, String language, Set<ArticleStatus> statuses) {
    public static Filter published() {
      return new Filter(null, null, Set.of(ArticleStatus.PUBLISHED));
    }

    public boolean accepts(String collection, String language, String status) {
      return (this.collection == null || this.collection.equals(collection))
          && (this.language == null || this.language.equals(language))
          && statuses.contains(ArticleStatus.valueOf(status));
    }
  }

  /** A chunk found, with its article, its place and the score of the method that found it. */
  record Hit(
      long chunkId,
      long articleId,
      String title,
      String slug,
      String anchor,
      String heading,
      String text,
      double score) {}

  /**
   * The chunks nearest to a query embedding, best first (score: cosine similarity), among those in
   * the vector space of the model that embedded the query ({@link Embeddings}).
   */
  List<Hit> byVector(float[] query, String model, Filter filter, int limit);

  /** The chunks best matching a query's words, best first (score: the method's text rank). */
  List<Hit> byText(String query, Filter filter, int limit);

  /**
   * Chunks containing any of the canonical identifiers ({@link Identifiers}); the score is how many
   * of them a chunk contains.
   */
  List<Hit> byIdentifiers(java.util.Set<String> identifiers, Filter filter, int limit);

  /** Whether this retriever serves the running installation's database. */
  boolean serves(boolean postgres);

  /** Hears that an article's chunks changed (or were deleted). */
  default void changed(long articleId) {}
}
