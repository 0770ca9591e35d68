package dev.parley.knowledge.control;

import dev.parley.knowledge.entity.ArticleStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Retrieval on PostgreSQL: pgvector's HNSW index for similarity (with iterative scans, so a filter
 * on collection, language or status still returns {@code limit} rows) and a GIN-indexed {@code
 * tsvector} for words. The text query ORs the query's words: a visitor's question rarely has every
 * word of the answer.
 */
@ApplicationScoped
public class PostgresRetriever implements Retriever {

  @Resource(lookup = "jdbc/parley")
  DataSource dataSource;

  @Inject
  @ConfigProperty(name = "parley.knowledge.hnsw-ef-search", defaultValue = "100")
  int efSearch;

  private static final String COLUMNS =
      "SELECT k.id, k.article_id, a.title, a.slug, k.anchor, k.heading, k.text, ";

  @Override
  public boolean serves(boolean postgres) {
    return postgres;
  }

  @Override
  @Transactional
  public List<Hit> byVector(float[] query, String model, Filter filter, int limit) {
    String column = "k." + ChunkStore.vectorColumn(model);
    String vector = ChunkStore.pgVector(query);
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL hnsw.ef_search = " + Math.max(efSearch, limit));
        s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              COLUMNS
                  + "1 - ("
                  + column
                  + " <=> CAST(? AS vector)) FROM knowledge_chunk k JOIN article a"
                  + " ON a.id = k.article_id WHERE "
                  + column
                  + " IS NOT NULL AND "
                  + where(filter)
                  + " ORDER BY "
                  + column
                  + " <=> CAST(? AS vector) LIMIT ?")) {
        int i = 1;
        ps.setString(i++, vector);
        i = bind(ps, i, filter);
        ps.setString(i++, vector);
        ps.setInt(i, limit);
        List<Hit> hits = read(ps);
        // relaxed order: the index may return near-ties out of order
        hits.sort((x, y) -> Double.compare(y.score(), x.score()));
        return hits;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Vector search failed", e);
    }
  }

  /**
   * Full-text search ranked by BM25. PostgreSQL's {@code ts_rank} has no inverse document
   * frequency, so a word in every article ("covid" in a COVID FAQ) outweighs the one that matters;
   * here PostgreSQL stems the query ({@code english}) and finds candidates through the GIN index
   * with those lexemes as they are ({@code simple}: stemming a stem again can change it, "warehous"
   * becomes "wareh") — any informative term), and the candidates are ranked by BM25 with document
   * frequencies counted by the same index (cached for a minute).
   */
  @Override
  @Transactional
  public List<Hit> byText(String query, Filter filter, int limit) {
    try (Connection c = dataSource.getConnection()) {
      List<String> lexemes = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', ?)))")) {
        ps.setString(1, dev.parley.platform.text.Languages.segmented(query));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lexemes.add(rs.getString(1));
          }
        }
      }
      if (lexemes.isEmpty()) {
        return List.of();
      }
      long n = Math.max(1, stats(c, null));
      java.util.Map<String, Long> df = new java.util.HashMap<>();
      List<String> informative = new ArrayList<>();
      for (String lexeme : lexemes) {
        long count = stats(c, lexeme);
        df.put(lexeme, count);
        if (count > 0 && count <= n * 0.5) {
          informative.add(lexeme);
        }
      }
      if (informative.isEmpty()) {
        informative = lexemes.stream().filter(l -> df.get(l) > 0).toList();
        if (informative.isEmpty()) {
          return List.of();
        }
      }
      String tsquery =
          informative.stream()
              .map(l -> "'" + l.replace("'", "''") + "'")
              .collect(Collectors.joining(" | "));
      List<Object[]> candidates = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              COLUMNS
                  + "k.tsv::text FROM knowledge_chunk k JOIN article a ON a.id = k.article_id,"
                  + " to_tsquery('simple', ?) q WHERE k.tsv @@ q AND "
                  + where(filter)
                  + " ORDER BY ts_rank(k.tsv, q, 1) DESC LIMIT ?")) {
        int i = 1;
        ps.setString(i++, tsquery);
        i = bind(ps, i, filter);
        ps.setInt(i, Math.max(limit * 10, 300));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            candidates.add(
                new Object[] {
                  new Hit(
                      rs.getLong(1),
                      rs.getLong(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      0),
                  rs.getString(8)
                });
          }
        }
      }
      double averageLength = averageLength(c);
      List<Hit> hits = new ArrayList<>();
      for (Object[] candidate : candidates) {
        Hit h = (Hit) candidate[0];
        java.util.Map<String, Integer> tf = termFrequencies((String) candidate[1]);
        int length = tf.values().stream().mapToInt(Integer::intValue).sum();
        double score = 0;
        for (String lexeme : lexemes) {
          Integer f = tf.get(lexeme);
          long d = df.get(lexeme);
          if (f == null || d == 0) {
            continue;
          }
          double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
          score += idf * f * (1.2 + 1) / (f + 1.2 * (1 - 0.75 + 0.75 * length / averageLength));
        }
        hits.add(
            new Hit(
                h.chunkId(),
                h.articleId(),
                h.title(),
                h.slug(),
                h.anchor(),
                h.heading(),
                h.text(),
                score));
      }
      hits.sort((x, y) -> Double.compare(y.score(), x.score()));
      return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    } catch (SQLException e) {
      throw new IllegalStateException("Text search failed", e);
    }
  }

  @Override
  @Transactional
  public List<Hit> byIdentifiers(java.util.Set<String> identifiers, Filter filter, int limit) {
    try (Connection c = dataSource.getConnection()) {
      java.sql.Array ids = c.createArrayOf("text", identifiers.toArray());
      try (PreparedStatement ps =
          c.prepareStatement(
              COLUMNS
                  + "cardinality(ARRAY(SELECT unnest(k.identifiers) INTERSECT SELECT unnest(?)))"
                  + " FROM knowledge_chunk k JOIN article a ON a.id = k.article_id"
                  + " WHERE k.identifiers && ? AND "
                  + where(filter)
                  + " LIMIT ?")) {
        int i = 1;
        ps.setArray(i++, ids);
        ps.setArray(i++, ids);
        i = bind(ps, i, filter);
        ps.setInt(i, limit);
        List<Hit> hits = read(ps);
        hits.sort((x, y) -> Double.compare(y.score(), x.score()));
        return hits;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Identifier search failed", e);
    }
  }

  private record Cached(long value, long at) {}

  private final java.util.Map<String, Cached> statistics =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** How many chunks contain a lexeme (null: all chunks), cached for a minute. */
  private long stats(Connection c, String lexeme) throws SQLException {
    String key = lexeme == null ? "" : lexeme;
    Cached cached = statistics.get(key);
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.at() < 60_000) {
      return cached.value();
    }
    if (statistics.size() > 50_000) {
      statistics.clear();
    }
    String sql =
        lexeme == null
            ? "SELECT count(*) FROM knowledge_chunk"
            : "SELECT count(*) FROM knowledge_chunk WHERE tsv @@ to_tsquery('simple', ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (lexeme != null) {
        ps.setString(1, "'" + lexeme.replace("'", "''") + "'");
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long value = rs.getLong(1);
        statistics.put(key, new Cached(value, now));
        return value;
      }
    }
  }

  private double averageLength(Connection c) throws SQLException {
    Cached cached = statistics.get(" avg");
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.at() < 60_000) {
      return Double.longBitsToDouble(cached.value());
    }
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(avg(length(tsv)), 1) FROM (SELECT tsv FROM knowledge_chunk LIMIT"
                    + " 5000) s");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      double avg = Math.max(1, rs.getDouble(1));
      statistics.put(" avg", new Cached(Double.doubleToLongBits(avg), now));
      return avg;
    }
  }

  /** Term frequencies from a tsvector's text form: {@code 'lexeme':1,5 'other':3}. */
  static java.util.Map<String, Integer> termFrequencies(String tsvector) {
    java.util.Map<String, Integer> tf = new java.util.HashMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("'((?:[^']|'')*)'(?::([0-9A-D,]+))?").matcher(tsvector);
    while (m.find()) {
      String lexeme = m.group(1).replace("''", "'");
      int positions = m.group(2) == null ? 1 : m.group(2).split(",").length;
      tf.put(lexeme, positions);
    }
    return tf;
  }

  private static String where(Filter filter) {
    StringBuilder sql =
        new StringBuilder("a.status IN (")
            .append("?,".repeat(filter.statuses().size() - 1))
            .append("?)");
    if (filter.collection() != null) {
      sql.append(" AND a.collection = ?");
    }
    if (filter.language() != null) {
      sql.append(" AND a.language = ?");
    }
    return sql.toString();
  }

  private static int bind(PreparedStatement ps, int i, Filter filter) throws SQLException {
    for (ArticleStatus status : filter.statuses()) {
      ps.setString(i++, status.name());
    }
    if (filter.collection() != null) {
      ps.setString(i++, filter.collection());
    }
    if (filter.language() != null) {
      ps.setString(i++, filter.language());
    }
    return i;
  }

  private static List<Hit> read(PreparedStatement ps) throws SQLException {
    List<Hit> hits = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hits.add(
            new Hit(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getDouble(8)));
      }
    }
    return hits;
  }
}
