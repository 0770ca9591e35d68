package dev.parley.knowledge.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retrieval on the embedded default: every chunk's embedding and terms in memory (a help center of
 * a few thousand chunks is a few megabytes), exact cosine similarity and BM25. Loaded on first use
 * and kept current as ingestion stores or deletes an article's chunks. One node only: the embedded
 * default never runs as a cluster.
 */
@ApplicationScoped
public class MemoryRetriever implements Retriever {

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  record Entry(
      ChunkStore.Row row,
      float[] unit,
      Map<String, Integer> terms,
      int length,
      java.util.Set<String> identifiers) {}

  @Inject ChunkStore store;

  private volatile Map<Long, List<Entry>> byArticle;

  @Override
  public boolean serves(boolean postgres) {
    return !postgres;
  }

  private Map<Long, List<Entry>> index() {
    Map<Long, List<Entry>> index = byArticle;
    if (index == null) {
      synchronized (this) {
        if (byArticle == null) {
          Map<Long, List<Entry>> loaded = new ConcurrentHashMap<>();
          for (ChunkStore.Row row : store.rows(null)) {
            loaded.computeIfAbsent(row.articleId(), k -> new ArrayList<>()).add(entry(row));
          }
          byArticle = loaded;
        }
        index = byArticle;
      }
    }
    return index;
  }

  @Override
  public void changed(long articleId) {
    if (byArticle == null) {
      return; // loaded with the change on first use
    }
    List<Entry> entries = store.rows(articleId).stream().map(MemoryRetriever::entry).toList();
    if (entries.isEmpty()) {
      byArticle.remove(articleId);
    } else {
      byArticle.put(articleId, entries);
    }
  }

  private static Entry entry(ChunkStore.Row row) {
    Map<String, Integer> terms = new HashMap<>();
    List<String> words = TextTerms.of(row.heading() + " " + row.text() + " " + row.title());
    words.forEach(t -> terms.merge(t, 1, Integer::sum));
    return new Entry(
        row,
        normalize(row.embedding()),
        terms,
        words.size(),
        Identifiers.of(row.title() + " " + row.heading() + " " + row.text()));
  }

  static float[] normalize(float[] v) {
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    norm = Math.sqrt(norm);
    float[] unit = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      unit[i] = (float) (norm == 0 ? 0 : v[i] / norm);
    }
    return unit;
  }

  @Override
  public List<Hit> byVector(float[] query, String model, Filter filter, int limit) {
    float[] q = normalize(query);
    boolean chinese = Embeddings.chineseSpace(model);
    PriorityQueue<Hit> best = new PriorityQueue<>(Comparator.comparingDouble(Hit::score));
    for (List<Entry> entries : index().values()) {
      for (Entry e : entries) {
        if (!accepts(filter, e)
            || Embeddings.chineseSpace(e.row().model()) != chinese
            || e.unit().length != q.length) {
          continue;
        }
        double dot = 0;
        for (int i = 0; i < q.length; i++) {
          dot += q[i] * e.unit()[i];
        }
        offer(best, hit(e, dot), limit);
      }
    }
    return sorted(best);
  }

  @Override
  public List<Hit> byText(String query, Filter filter, int limit) {
    List<String> terms = TextTerms.of(query);
    if (terms.isEmpty()) {
      return List.of();
    }
    Map<Long, List<Entry>> index = index();
    int n = 0;
    long totalLength = 0;
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (List<Entry> entries : index.values()) {
      for (Entry e : entries) {
        if (!accepts(filter, e)) {
          continue;
        }
        n++;
        totalLength += e.length();
        for (String t : terms) {
          if (e.terms().containsKey(t)) {
            documentFrequency.merge(t, 1, Integer::sum);
          }
        }
      }
    }
    if (n == 0) {
      return List.of();
    }
    double averageLength = (double) totalLength / n;
    PriorityQueue<Hit> best = new PriorityQueue<>(Comparator.comparingDouble(Hit::score));
    for (List<Entry> entries : index.values()) {
      for (Entry e : entries) {
        if (!accepts(filter, e)) {
          continue;
        }
        double score = 0;
        for (String t : terms) {
          Integer tf = e.terms().get(t);
          if (tf == null) {
            continue;
          }
          int df = documentFrequency.get(t);
          double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * e.length() / averageLength));
        }
        if (score > 0) {
          offer(best, hit(e, score), limit);
        }
      }
    }
    return sorted(best);
  }

  @Override
  public List<Hit> byIdentifiers(java.util.Set<String> identifiers, Filter filter, int limit) {
    PriorityQueue<Hit> best = new PriorityQueue<>(Comparator.comparingDouble(Hit::score));
    for (List<Entry> entries : index().values()) {
      for (Entry e : entries) {
        if (!accepts(filter, e)) {
          continue;
        }
        int matched = 0;
        for (String id : identifiers) {
          matched += e.identifiers().contains(id) ? 1 : 0;
        }
        if (matched > 0) {
          offer(best, hit(e, matched), limit);
        }
      }
    }
    return sorted(best);
  }

  private static boolean accepts(Filter filter, Entry e) {
    return filter.accepts(e.row().collection(), e.row().language(), e.row().status());
  }

  private static Hit hit(Entry e, double score) {
    ChunkStore.Row r = e.row();
    return new Hit(
        r.id(), r.articleId(), r.title(), r.slug(), r.anchor(), r.heading(), r.text(), score);
  }

  private static void offer(PriorityQueue<Hit> best, Hit hit, int limit) {
    best.offer(hit);
    if (best.size() > limit) {
      best.poll();
    }
  }

  private static List<Hit> sorted(PriorityQueue<Hit> best) {
    List<Hit> hits = new ArrayList<>(best);
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits;
  }
}
