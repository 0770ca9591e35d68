package dev.parley.triage.control;

import dev.parley.triage.entity.Topic;
import dev.parley.triage.entity.TriageModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The trained models this node classifies with, loaded from the database (where the node that
 * trained them stored them) and kept until a newer generation is stored. An inbox with topics of
 * its own has its own set; every other inbox uses the set of the topics of every inbox. A set whose
 * first model is still training falls back to the global one, as it did before its topics existed.
 */
@ApplicationScoped
public class TriageModels {

  private static final Logger LOG = Logger.getLogger(TriageModels.class.getName());

  /** Sets and their stored generations are re-read at most this often without a notification. */
  private static final long SNAPSHOT_MILLIS = 30_000;

  /**
   * A model with the topics of its classes, the keys of its examples' texts and the embedding model
   * its examples were embedded with (messages are embedded with the same).
   */
  public record Loaded(
      long set,
      long generation,
      long[] topicIds,
      long[] exampleKeys,
      String embeddingModel,
      TopicModel model) {

    /** Marks the stored form that names the embedding model (older forms start with a count). */
    private static final int NAMED = -2;

    /** The topic of a class, or null when it was deleted since. */
    public Topic topic(int index, Map<Long, Topic> topics) {
      return topics.get(topicIds[index]);
    }

    byte[] bytes() {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(buffer)) {
        out.writeInt(NAMED);
        out.writeUTF(embeddingModel);
        out.writeInt(topicIds.length);
        for (long id : topicIds) {
          out.writeLong(id);
        }
        out.writeInt(exampleKeys.length);
        for (long k : exampleKeys) {
          out.writeLong(k);
        }
        out.write(model.bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buffer.toByteArray();
    }

    /** A stored model; one stored before models were named was embedded by {@code fallback}. */
    static Loaded of(long set, long generation, byte[] bytes, String fallback) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        int first = in.readInt();
        String embeddingModel = fallback;
        if (first == NAMED) {
          embeddingModel = in.readUTF();
          first = in.readInt();
        }
        long[] ids = new long[first];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = in.readLong();
        }
        long[] keys = new long[in.readInt()];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = in.readLong();
        }
        return new Loaded(
            set, generation, ids, keys, embeddingModel, TopicModel.of(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The vectors of the examples, by the key of their text (to embed only what changed). */
    Map<Long, float[]> vectors() {
      Map<Long, float[]> byKey = new HashMap<>();
      for (int i = 0; i < exampleKeys.length; i++) {
        byKey.put(exampleKeys[i], model.example(i));
      }
      return byKey;
    }
  }

  /** A set's stored generation as last read. */
  record Stored(long generation, boolean hasModel) {}

  @PersistenceContext EntityManager em;
  @jakarta.inject.Inject dev.parley.knowledge.control.Embeddings embeddings;

  private final Map<Long, Loaded> loaded = new ConcurrentHashMap<>();
  private volatile Map<Long, Stored> stored;
  private volatile long readAt;

  /** The model an inbox's messages are classified with, if any is trained. */
  public Optional<Loaded> forInbox(long inbox) {
    Map<Long, Stored> sets = sets();
    Stored own = sets.get(inbox);
    long set = inbox != TriageModel.GLOBAL && own != null && own.hasModel() ? inbox : 0;
    Stored s = sets.get(set);
    if (s == null || !s.hasModel()) {
      return Optional.empty();
    }
    Loaded l = loaded.get(set);
    if (l == null || l.generation() < s.generation()) {
      synchronized (this) {
        l = loaded.get(set);
        if (l == null || l.generation() < s.generation()) {
          Loaded fresh = load(set);
          if (fresh != null) {
            loaded.put(set, fresh);
            l = fresh;
          }
        }
      }
    }
    return Optional.ofNullable(l);
  }

  /** The last model loaded for a set (to reuse its example vectors), if any. */
  Optional<Loaded> last(long set) {
    return Optional.ofNullable(loaded.get(set));
  }

  /** A model this node just trained and stored: used at once, without reading it back. */
  void trained(Loaded model) {
    loaded.merge(model.set(), model, (a, b) -> b.generation() >= a.generation() ? b : a);
    changed();
  }

  /** Something was stored: re-read the sets on next use. */
  public void changed() {
    readAt = 0;
  }

  private Map<Long, Stored> sets() {
    Map<Long, Stored> s = stored;
    if (s == null || System.currentTimeMillis() - readAt > SNAPSHOT_MILLIS) {
      s = read();
      stored = s;
      readAt = System.currentTimeMillis();
    }
    return s;
  }

  /** Where a set's training stands (without its model's bytes). */
  public record Status(
      long set,
      TriageModel.State state,
      long requested,
      long trained,
      String phase,
      int done,
      int total,
      java.time.OffsetDateTime startedAt,
      java.time.OffsetDateTime trainedAt,
      String report,
      String error) {}

  /** Every set's status. */
  public List<Status> statuses() {
    List<Object[]> rows =
        em.createQuery(
                "SELECT m.topicSet, m.state, m.requested, m.trained, m.phase, m.done, m.total,"
                    + " m.startedAt, m.trainedAt, m.report, m.error FROM TriageModel m"
                    + " ORDER BY m.topicSet",
                Object[].class)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new Status(
                    (Long) r[0],
                    (TriageModel.State) r[1],
                    (Long) r[2],
                    (Long) r[3],
                    (String) r[4],
                    (Integer) r[5],
                    (Integer) r[6],
                    (java.time.OffsetDateTime) r[7],
                    (java.time.OffsetDateTime) r[8],
                    (String) r[9],
                    (String) r[10]))
        .toList();
  }

  /** Outside a transaction: a read of committed rows. */
  Map<Long, Stored> read() {
    Map<Long, Stored> sets = new HashMap<>();
    List<Object[]> rows =
        em.createQuery(
                "SELECT m.topicSet, m.trained, m.state FROM TriageModel m WHERE m.trained > 0",
                Object[].class)
            .getResultList();
    for (Object[] row : rows) {
      sets.put(
          (Long) row[0],
          new Stored((Long) row[1], row[2] != TriageModel.State.EMPTY && (Long) row[1] > 0));
    }
    return sets;
  }

  Loaded load(long set) {
    List<Object[]> rows =
        em.createQuery(
                "SELECT m.trained, m.model FROM TriageModel m WHERE m.topicSet = :set",
                Object[].class)
            .setParameter("set", set)
            .getResultList();
    if (rows.isEmpty() || rows.get(0)[1] == null) {
      return null;
    }
    long begin = System.nanoTime();
    Loaded l = Loaded.of(set, (Long) rows.get(0)[0], (byte[]) rows.get(0)[1], embeddings.model());
    LOG.log(
        Level.INFO,
        "Loaded triage model {0} generation {1} ({2} examples) in {3} ms",
        new Object[] {
          set, l.generation(), l.model().examples(), (System.nanoTime() - begin) / 1_000_000
        });
    return l;
  }
}
