package dev.parley.knowledge.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hybrid retrieval over the knowledge base: the query is embedded, chunks are ranked by vector
 * similarity and by full text, each ranking is reduced to articles (an article ranks by its best
 * chunk), and the two are fused, by default as a convex combination of scores:
 *
 * <pre>score(article) = wv · cosine + wt · text / best text score</pre>
 *
 * or ({@code parley.knowledge.fusion=rrf}) by weighted reciprocal rank fusion, {@code wv / (k +
 * rank_vector) + wt / (k + rank_text)}. The defaults were chosen by measurement on CovidFAQ
 * (EVALUATION.md): rank fusion with equal weights loses to dense retrieval alone, so the words only
 * move articles whose similarities are close.
 */
@ApplicationScoped
public class Retrieval {

  /** How to rank: fused (default), vector only or text only. */
  public enum Mode {
    HYBRID,
    VECTOR,
    TEXT;

    public static Mode fromWire(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A passage found for a query: the best chunk of an article, with the article it cites (id,
   * title, anchor) and the scores that put it there. Ranks are 1-based; 0 means not found by that
   * method.
   */
  public record Passage(
      long articleId,
      String title,
      String slug,
      String anchor,
      String heading,
      String text,
      long chunkId,
      double score,
      double vectorScore,
      int vectorRank,
      double textScore,
      int textRank,
      String model) {

    /**
     * The vector similarity as the default space measures it: a similarity from the Chinese space
     * less that space's offset ({@link Embeddings#similarityOffset}), so one floor fits both.
     */
    public double similarity(Embeddings embeddings) {
      return vectorScore - embeddings.similarityOffset(model);
    }
  }

  @Inject Embeddings embeddings;
  @Inject ChunkStore store;
  @Inject Instance<Retriever> retrievers;

  /**
   * How the two rankings combine: {@code rrf} (weighted reciprocal rank fusion) or {@code convex}
   * (cosine similarity plus {@code text-weight} times the text score scaled to the best one).
   */
  @Inject
  @ConfigProperty(name = "parley.knowledge.fusion", defaultValue = "convex")
  String fusion;

  @Inject
  @ConfigProperty(name = "parley.knowledge.fusion.vector-weight", defaultValue = "1.0")
  double vectorWeight;

  @Inject
  @ConfigProperty(name = "parley.knowledge.fusion.text-weight", defaultValue = "0.01")
  double textWeight;

  @Inject
  @ConfigProperty(name = "parley.knowledge.fusion.k", defaultValue = "10")
  int k;

  @Inject
  @ConfigProperty(name = "parley.knowledge.candidates", defaultValue = "40")
  int candidates;

  private volatile Retriever retriever;

  public double vectorWeight() {
    return vectorWeight;
  }

  public double textWeight() {
    return textWeight;
  }

  public int k() {
    return k;
  }

  /**
   * What an exact identifier adds to the articles it singles out (query-dependent fusion): more
   * than any similarity, so the article with the error code, SKU or order number asked about ranks
   * first, with the other methods ordering the rest.
   */
  @Inject
  @ConfigProperty(name = "parley.knowledge.identifier-weight", defaultValue = "1.0")
  double identifierWeight;

  /**
   * An identifier singles out articles only when at most this many contain it: one in most articles
   * ("COVID-19" in a COVID FAQ) is a word like any other.
   */
  @Inject
  @ConfigProperty(name = "parley.knowledge.identifier-max-articles", defaultValue = "5")
  int identifierMaxArticles;

  public double identifierWeight() {
    return identifierWeight;
  }

  public Retriever retriever() {
    Retriever chosen = retriever;
    if (chosen == null) {
      boolean postgres = store.postgres();
      chosen = retrievers.stream().filter(r -> r.serves(postgres)).findFirst().orElseThrow();
      retriever = chosen;
    }
    return chosen;
  }

  public List<Passage> search(String query, Retriever.Filter filter, Mode mode, int limit) {
    return search(
        query, filter, mode, limit, fusion, vectorWeight, textWeight, k, identifierWeight);
  }

  public String fusion() {
    return fusion;
  }

  /** A search with explicit fusion parameters (the evaluation compares settings in one run). */
  public List<Passage> search(
      String query,
      Retriever.Filter filter,
      Mode mode,
      int limit,
      String fusion,
      double vectorWeight,
      double textWeight,
      int k,
      double identifierWeight) {
    int pool = Math.max(candidates, limit * 4);
    String[] space = {null};
    List<Retriever.Hit> vector =
        mode == Mode.TEXT || !Embeddings.meaningful(query)
            ? List.of()
            : byVector(query, filter, pool, space);
    List<Retriever.Hit> text =
        mode == Mode.VECTOR ? List.of() : retriever().byText(query, filter, pool);
    Map<Long, Retriever.Hit> vectorBest = bestPerArticle(vector);
    Map<Long, Retriever.Hit> textBest = bestPerArticle(text);
    Map<Long, Retriever.Hit> exact =
        mode == Mode.VECTOR || identifierWeight == 0
            ? Map.of()
            : singledOut(Identifiers.of(query), filter);
    Map<Long, Integer> vectorRanks = ranks(vectorBest);
    Map<Long, Integer> textRanks = ranks(textBest);
    double bestText =
        textBest.values().stream().mapToDouble(Retriever.Hit::score).max().orElse(1.0);
    boolean convex = fusion.equals("convex");
    Map<Long, Retriever.Hit> shown = new LinkedHashMap<>(vectorBest);
    textBest.forEach(shown::putIfAbsent);
    exact.forEach(shown::putIfAbsent);
    List<Passage> passages = new ArrayList<>();
    for (Retriever.Hit hit : shown.values()) {
      long article = hit.articleId();
      int vr = vectorRanks.getOrDefault(article, 0);
      int tr = textRanks.getOrDefault(article, 0);
      double identifier = exact.containsKey(article) ? identifierWeight : 0;
      double score =
          switch (mode) {
            case VECTOR -> vectorBest.get(article).score();
            case TEXT -> (tr == 0 ? 0 : textBest.get(article).score() / bestText) + identifier;
            case HYBRID ->
                (convex
                        ? (vr == 0 ? 0 : vectorWeight * vectorBest.get(article).score())
                            + (tr == 0 ? 0 : textWeight * textBest.get(article).score() / bestText)
                        : (vr == 0 ? 0 : vectorWeight / (k + vr))
                            + (tr == 0 ? 0 : textWeight / (k + tr)))
                    + identifier;
          };
      passages.add(
          new Passage(
              article,
              hit.title(),
              hit.slug(),
              hit.anchor(),
              hit.heading(),
              hit.text(),
              hit.chunkId(),
              score,
              vectorBest.containsKey(article) ? vectorBest.get(article).score() : 0,
              vr,
              textBest.containsKey(article) ? textBest.get(article).score() : 0,
              tr,
              vr == 0 ? null : space[0]));
    }
    passages.sort(Comparator.comparingDouble(Passage::score).reversed());
    return passages.size() > limit ? List.copyOf(passages.subList(0, limit)) : passages;
  }

  /**
   * The nearest chunks in the query's vector space: the Chinese one for a question in Chinese (or a
   * search of Chinese articles), else the default one. A Chinese question where no Chinese article
   * exists is asked in the default space, rather than finding nothing.
   */
  private List<Retriever.Hit> byVector(
      String query, Retriever.Filter filter, int pool, String[] space) {
    String model = embeddings.modelForQuery(query, filter.language());
    List<Retriever.Hit> hits =
        retriever().byVector(embeddings.embed(query, model), model, filter, pool);
    if (hits.isEmpty() && !model.equals(embeddings.model()) && filter.language() == null) {
      model = embeddings.model();
      hits = retriever().byVector(embeddings.embed(query, model), model, filter, pool);
    }
    space[0] = model;
    return hits;
  }

  /**
   * The articles a query's identifiers single out: those containing the most of them, when they are
   * at most {@code identifier-max-articles}; none otherwise.
   */
  private Map<Long, Retriever.Hit> singledOut(
      java.util.Set<String> identifiers, Retriever.Filter filter) {
    if (identifiers.isEmpty()) {
      return Map.of();
    }
    Map<Long, Retriever.Hit> best =
        bestPerArticle(retriever().byIdentifiers(identifiers, filter, 1_000));
    double most = best.values().stream().mapToDouble(Retriever.Hit::score).max().orElse(0);
    Map<Long, Retriever.Hit> top = new LinkedHashMap<>();
    best.forEach(
        (article, hit) -> {
          if (hit.score() == most) {
            top.put(article, hit);
          }
        });
    return top.size() <= identifierMaxArticles ? top : Map.of();
  }

  private static Map<Long, Retriever.Hit> bestPerArticle(List<Retriever.Hit> hits) {
    Map<Long, Retriever.Hit> best = new LinkedHashMap<>();
    for (Retriever.Hit hit : hits) {
      best.putIfAbsent(hit.articleId(), hit); // hits come best first
    }
    return best;
  }

  private static Map<Long, Integer> ranks(Map<Long, Retriever.Hit> best) {
    Map<Long, Integer> ranks = new LinkedHashMap<>();
    int rank = 0;
    for (Long article : best.keySet()) {
      ranks.put(article, ++rank);
    }
    return ranks;
  }
}
