package dev.parley.knowledge.control;

import dev.parley.platform.config.Settings;
import dev.parley.platform.text.Languages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The stored chunks of the knowledge base ({@code knowledge_chunk}). On PostgreSQL the embedding is
 * a pgvector column; on the embedded default it is float32 bytes, searched in memory by {@link
 * MemoryRetriever}. Plain JDBC: batched inserts of vectors, which JPA has no type for.
 */
@ApplicationScoped
public class ChunkStore {

  /** A stored chunk, as the ingestion compares it with the article's new chunks. */
  public record Stored(long id, String hash) {}

  /** A chunk with what retrieval filters and shows. */
  public record Row(
      long id,
      long articleId,
      String title,
      String slug,
      String collection,
      String language,
      String status,
      String anchor,
      String heading,
      String text,
      float[] embedding,
      String model) {}

  @Resource(lookup = "jdbc/parley")
  DataSource dataSource;

  @Inject Settings settings;

  public boolean postgres() {
    return !settings.embeddedDatabase();
  }

  /** The chunks stored for an article, by content hash (model and embedded text). */
  @Transactional(Transactional.TxType.MANDATORY)
  public Map<String, Stored> of(long articleId) {
    Map<String, Stored> stored = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, content_hash FROM knowledge_chunk WHERE article_id = ?")) {
      ps.setLong(1, articleId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.putIfAbsent(rs.getString(2), new Stored(rs.getLong(1), rs.getString(2)));
        }
      }
      return stored;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the chunks of article " + articleId, e);
    }
  }

  /**
   * Makes the stored chunks of an article the given ones: unchanged chunks (same hash) keep their
   * embedding and take their new place; the others are deleted or inserted.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void replace(
      long articleId,
      String title,
      String model,
      List<Chunker.Chunk> chunks,
      Map<String, float[]> embeddedByHash,
      Map<String, Stored> stored) {
    try (Connection c = dataSource.getConnection()) {
      List<Long> keep = new ArrayList<>();
      try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE knowledge_chunk SET ordinal = ?, anchor = ?, heading = ?, text = ?"
                      + (postgres() ? ", identifiers = ?, tsv = " + TSV : "")
                      + " WHERE id = ?");
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO knowledge_chunk (id, article_id, ordinal, anchor, heading, text,"
                      + " content_hash, model, title, "
                      + (postgres() ? vectorColumn(model) + ", identifiers, tsv" : "embedding")
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      + (postgres() ? "CAST(? AS vector), ?, " + TSV : "?")
                      + ")")) {
        List<Chunker.Chunk> fresh = new ArrayList<>();
        for (Chunker.Chunk chunk : chunks) {
          String hash = chunk.hash(model);
          Stored old = stored.get(hash);
          if (old != null && !keep.contains(old.id())) {
            keep.add(old.id());
            update.setInt(1, chunk.ordinal());
            update.setString(2, chunk.anchor());
            update.setString(3, chunk.heading());
            update.setString(4, chunk.text());
            if (postgres()) {
              update.setArray(5, identifiers(c, title, chunk));
              update.setString(6, Languages.segmented(shortTitle(title)));
              update.setString(7, Languages.segmented(chunk.heading() + " " + chunk.text()));
              update.setLong(8, old.id());
            } else {
              update.setLong(5, old.id());
            }
            update.addBatch();
          } else {
            fresh.add(chunk);
          }
        }
        deleteExcept(c, articleId, keep);
        update.executeBatch();
        long[] ids = nextIds(c, fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
          Chunker.Chunk chunk = fresh.get(i);
          String hash = chunk.hash(model);
          float[] vector = embeddedByHash.get(hash);
          if (vector == null) {
            throw new IllegalStateException("chunk " + chunk.ordinal() + " was not embedded");
          }
          insert.setLong(1, ids[i]);
          insert.setLong(2, articleId);
          insert.setInt(3, chunk.ordinal());
          insert.setString(4, chunk.anchor());
          insert.setString(5, chunk.heading());
          insert.setString(6, chunk.text());
          insert.setString(7, hash);
          insert.setString(8, model);
          insert.setString(9, shortTitle(title));
          if (postgres()) {
            insert.setString(10, pgVector(vector));
            insert.setArray(11, identifiers(c, title, chunk));
            insert.setString(12, Languages.segmented(shortTitle(title)));
            insert.setString(13, Languages.segmented(chunk.heading() + " " + chunk.text()));
          } else {
            insert.setBytes(10, bytes(vector));
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot store the chunks of article " + articleId, e);
    }
  }

  /**
   * The full-text vector of a chunk on PostgreSQL, from its segmented title (weighted: it counts
   * for every chunk of the article, as in the embedded text) and its segmented heading and text.
   */
  private static final String TSV =
      "setweight(to_tsvector('english', ?), 'A') || to_tsvector('english', ?)";

  /** The pgvector column of a model's vector space: Chinese has its own (512 dimensions). */
  public static String vectorColumn(String model) {
    return Embeddings.chineseSpace(model) ? "embedding_zh" : "embedding";
  }

  private static String shortTitle(String title) {
    return title.length() > 300 ? title.substring(0, 300) : title;
  }

  /**
   * Fills the full-text vectors of chunks stored before Parley computed them (PostgreSQL: chunks
   * with Chinese text, after the upgrade that segments it), a batch at a time; returns how many.
   */
  @Transactional
  public int fillFullText(int batch) {
    if (!postgres()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT id, title, heading, text FROM knowledge_chunk WHERE tsv IS NULL LIMIT ?");
        PreparedStatement update =
            c.prepareStatement("UPDATE knowledge_chunk SET tsv = " + TSV + " WHERE id = ?")) {
      select.setInt(1, batch);
      int filled = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          update.setString(1, Languages.segmented(rs.getString(2)));
          update.setString(2, Languages.segmented(rs.getString(3) + " " + rs.getString(4)));
          update.setLong(3, rs.getLong(1));
          update.addBatch();
          filled++;
        }
      }
      update.executeBatch();
      return filled;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot fill the chunks' full text", e);
    }
  }

  private static java.sql.Array identifiers(Connection c, String title, Chunker.Chunk chunk)
      throws SQLException {
    return c.createArrayOf(
        "text", Identifiers.of(title + " " + chunk.heading() + " " + chunk.text()).toArray());
  }

  /**
   * Fills the identifiers of chunks stored before they were computed (PostgreSQL), a batch at a
   * time; returns how many were filled.
   */
  @Transactional
  public int fillIdentifiers(int batch) {
    if (!postgres()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT id, title, heading, text FROM knowledge_chunk WHERE identifiers IS NULL"
                    + " LIMIT ?");
        PreparedStatement update =
            c.prepareStatement("UPDATE knowledge_chunk SET identifiers = ? WHERE id = ?")) {
      select.setInt(1, batch);
      int filled = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          update.setArray(
              1,
              c.createArrayOf(
                  "text",
                  Identifiers.of(rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4))
                      .toArray()));
          update.setLong(2, rs.getLong(1));
          update.addBatch();
          filled++;
        }
      }
      update.executeBatch();
      return filled;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot fill the chunks' identifiers", e);
    }
  }

  private static void deleteExcept(Connection c, long articleId, List<Long> keep)
      throws SQLException {
    StringBuilder sql = new StringBuilder("DELETE FROM knowledge_chunk WHERE article_id = ?");
    if (!keep.isEmpty()) {
      sql.append(" AND id NOT IN (").append("?,".repeat(keep.size() - 1)).append("?)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setLong(1, articleId);
      for (int i = 0; i < keep.size(); i++) {
        ps.setLong(i + 2, keep.get(i));
      }
      ps.executeUpdate();
    }
  }

  private long[] nextIds(Connection c, int count) throws SQLException {
    long[] ids = new long[count];
    String sql =
        postgres()
            ? "SELECT nextval('knowledge_chunk_seq')"
            : "VALUES NEXT VALUE FOR knowledge_chunk_seq";
    // the sequence steps by 50 (allocation blocks, as JPA's sequences do)
    long block = -1;
    int used = 50;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < count; i++) {
        if (used == 50) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            block = rs.getLong(1);
          }
          used = 0;
        }
        ids[i] = block + used++;
      }
    }
    return ids;
  }

  /**
   * Articles with chunks embedded by another model than the one their language now asks for (the
   * configured models changed).
   */
  @Transactional
  public List<Long> embeddedByOtherModel(java.util.function.Function<String, String> modelOf) {
    List<Long> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT k.article_id, a.language, k.model FROM knowledge_chunk k JOIN"
                    + " article a ON a.id = k.article_id")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if (!rs.getString(3).equals(modelOf.apply(rs.getString(2))) && !ids.contains(id)) {
            ids.add(id);
          }
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read chunk models", e);
    }
  }

  /** Every chunk of an article ({@code articleId}) or of all articles (null), for memory search. */
  @Transactional
  public List<Row> rows(Long articleId) {
    List<Row> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT k.id, k.article_id, a.title, a.slug, a.collection, a.language, a.status,"
                    + " k.anchor, k.heading, k.text, "
                    + (postgres()
                        ? "coalesce(k.embedding::text, k.embedding_zh::text)"
                        : "k.embedding")
                    + ", k.model FROM knowledge_chunk k JOIN"
                    + " article a ON a.id = k.article_id"
                    + (articleId == null ? "" : " WHERE k.article_id = ?")
                    + " ORDER BY k.article_id, k.ordinal")) {
      if (articleId != null) {
        ps.setLong(1, articleId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  postgres() ? parsePgVector(rs.getString(11)) : floats(rs.getBytes(11)),
                  rs.getString(12)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read chunks", e);
    }
  }

  @Transactional
  public long count() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM knowledge_chunk");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot count chunks", e);
    }
  }

  public static String pgVector(float[] v) {
    StringBuilder s = new StringBuilder(v.length * 10).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(v[i]);
    }
    return s.append(']').toString();
  }

  static float[] parsePgVector(String text) {
    String[] parts = text.substring(1, text.length() - 1).split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  public static byte[] bytes(float[] v) {
    ByteBuffer buffer = ByteBuffer.allocate(v.length * 4);
    for (float f : v) {
      buffer.putFloat(f);
    }
    return buffer.array();
  }

  public static float[] floats(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    float[] v = new float[bytes.length / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = buffer.getFloat();
    }
    return v;
  }
}
