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
  public List<Hit> byVector(float[] query, Filter filter, int limit) {
    String vector = ChunkStore.pgVector(query);
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL hnsw.ef_search = " + Math.max(efSearch, limit));
        s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              COLUMNS
                  + "1 - (k.embedding <=> CAST(? AS vector)) FROM knowledge_chunk k JOIN article a"
                  + " ON a.id = k.article_id WHERE "
                  + where(filter)
                  + " ORDER BY k.embedding <=> CAST(? AS vector) LIMIT ?")) {
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

  @Override
  @Transactional
  public List<Hit> byText(String query, Filter filter, int limit) {
    List<String> words = TextTerms.of(query, false);
    if (words.isEmpty()) {
      return List.of();
    }
    String tsquery =
        words.stream().distinct().map(w -> w.replace("'", "")).collect(Collectors.joining(" | "));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                COLUMNS
                    + "ts_rank(k.tsv, q, 1) AS rank FROM knowledge_chunk k JOIN article a ON a.id"
                    + " = k.article_id, to_tsquery('english', ?) q WHERE k.tsv @@ q AND "
                    + where(filter)
                    + " ORDER BY rank DESC LIMIT ?")) {
      int i = 1;
      ps.setString(i++, tsquery);
      i = bind(ps, i, filter);
      ps.setInt(i, limit);
      return read(ps);
    } catch (SQLException e) {
      throw new IllegalStateException("Text search failed", e);
    }
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
