package dev.parley.knowledge.control;

import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.ArticleStatus;
import dev.parley.platform.errors.NotFound;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Questions the bot could not answer (no confident passage, out of scope, or the visitor said the
 * answer did not help), grouped by meaning for admins: each group can become a draft article, which
 * takes its questions off the list.
 */
@ApplicationScoped
public class KnowledgeGaps {

  /** A gap: similar questions, the first asked standing for them. */
  public record Group(
      long id, String question, int count, List<String> examples, Instant lastAsked) {}

  record Gap(long id, String question, float[] unit, Instant at) {}

  @Resource(lookup = "jdbc/parley")
  DataSource dataSource;

  @Inject Embeddings embeddings;
  @Inject ChunkStore chunks;
  @Inject HelpCenter helpCenter;

  @Inject
  @ConfigProperty(name = "parley.knowledge.gap-similarity", defaultValue = "0.7")
  double similarity;

  @Transactional
  public void record(String question, Long conversationId, String reason) {
    String q = question.length() > 2000 ? question.substring(0, 2000) : question;
    if (!Embeddings.meaningful(q)) {
      return; // no words: no question to group
    }
    float[] vector = embeddings.embed(q);
    try (Connection c = dataSource.getConnection();
        PreparedStatement id =
            c.prepareStatement(
                chunks.postgres()
                    ? "SELECT nextval('knowledge_gap_seq')"
                    : "VALUES NEXT VALUE FOR knowledge_gap_seq");
        ResultSet rs = id.executeQuery();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO knowledge_gap (id, question, conversation_id, reason, embedding,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      rs.next();
      insert.setLong(1, rs.getLong(1));
      insert.setString(2, q);
      if (conversationId == null) {
        insert.setNull(3, java.sql.Types.BIGINT);
      } else {
        insert.setLong(3, conversationId);
      }
      insert.setString(4, reason);
      insert.setBytes(5, ChunkStore.bytes(vector));
      insert.setTimestamp(6, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot record a knowledge gap", e);
    }
  }

  /** Open gaps grouped greedily by cosine similarity, largest groups first. */
  @Transactional
  public List<Group> groups(int limit) {
    List<Gap> open = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, question, embedding, created_at FROM knowledge_gap WHERE article_id IS"
                    + " NULL ORDER BY created_at DESC, id DESC")) {
      ps.setMaxRows(5000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          open.add(
              new Gap(
                  rs.getLong(1),
                  rs.getString(2),
                  MemoryRetriever.normalize(ChunkStore.floats(rs.getBytes(3))),
                  rs.getTimestamp(4).toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read knowledge gaps", e);
    }
    List<List<Gap>> clusters = new ArrayList<>();
    for (Gap g : open) {
      List<Gap> home = null;
      for (List<Gap> cluster : clusters) {
        if (dot(cluster.get(0).unit(), g.unit()) >= similarity) {
          home = cluster;
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        clusters.add(home);
      }
      home.add(g);
    }
    clusters.sort((a, b) -> Integer.compare(b.size(), a.size()));
    List<Group> groups = new ArrayList<>();
    for (List<Gap> cluster : clusters.subList(0, Math.min(limit, clusters.size()))) {
      Gap first = cluster.get(cluster.size() - 1); // oldest
      groups.add(
          new Group(
              cluster.get(0).id(),
              first.question(),
              cluster.size(),
              cluster.stream().map(Gap::question).distinct().limit(10).toList(),
              cluster.get(0).at()));
    }
    return groups;
  }

  /** Turns the group a gap belongs to into a draft article listing its questions. */
  @Transactional
  public Article draft(long gapId, Long authorId) {
    Group group =
        groups(Integer.MAX_VALUE).stream()
            .filter(g -> g.id() == gapId)
            .findFirst()
            .orElseThrow(() -> new NotFound("No open knowledge gap " + gapId));
    StringBuilder body =
        new StringBuilder("_Draft from the knowledge gaps: write the answer here._\n\n");
    body.append("## Questions visitors asked\n\n");
    group.examples().forEach(q -> body.append("- ").append(q.replace("\n", " ")).append('\n'));
    String title =
        group.question().length() > 200 ? group.question().substring(0, 200) : group.question();
    Article article =
        helpCenter.create(
            new HelpCenter.Draft(
                title, body.toString(), "general", "en", ArticleStatus.DRAFT, List.of("gap")),
            authorId,
            "markdown",
            null);
    // close every open gap of the group
    float[] anchor = null;
    List<Long> members = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id, embedding FROM knowledge_gap WHERE article_id IS NULL")) {
        try (ResultSet rs = ps.executeQuery()) {
          List<long[]> ids = new ArrayList<>();
          List<float[]> vectors = new ArrayList<>();
          while (rs.next()) {
            ids.add(new long[] {rs.getLong(1)});
            vectors.add(MemoryRetriever.normalize(ChunkStore.floats(rs.getBytes(2))));
            if (rs.getLong(1) == gapId) {
              anchor = vectors.get(vectors.size() - 1);
            }
          }
          for (int i = 0; anchor != null && i < ids.size(); i++) {
            if (dot(anchor, vectors.get(i)) >= similarity) {
              members.add(ids.get(i)[0]);
            }
          }
        }
      }
      try (PreparedStatement update =
          c.prepareStatement("UPDATE knowledge_gap SET article_id = ? WHERE id = ?")) {
        for (long member : members) {
          update.setLong(1, article.id());
          update.setLong(2, member);
          update.addBatch();
        }
        update.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close knowledge gaps", e);
    }
    return article;
  }

  private static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }
}
