package dev.parley.triage.control;

import dev.parley.identity.entity.Team;
import dev.parley.integration.control.Outbox;
import dev.parley.knowledge.control.Embeddings;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.messaging.Broker;
import dev.parley.triage.entity.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Topics and the classifier trained from their examples. Every node trains its own copy (a second
 * or two for a help desk's topics) at start-up and whenever topics change; a change on one node
 * reaches the others on the {@value #TOPIC} topic.
 */
@ApplicationScoped
public class Triage {

  private static final Logger LOG = Logger.getLogger(Triage.class.getName());
  public static final String TOPIC = "parley.triage.topics";

  /** A classification: the topic (null when out of scope) and the classifier's confidence. */
  public record Classification(Topic topic, double confidence, boolean outOfScope) {}

  /** A trained snapshot: the classifier and the topics by its class index. */
  record Model(
      TopicClassifier classifier, List<Topic> topics, List<float[]> examples, int[] labels) {
    /** The cosine similarity of the nearest example of a topic. */
    double nearest(float[] unit, int topic) {
      double best = -1;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == topic) {
          double dot = 0;
          float[] e = examples.get(i);
          for (int j = 0; j < e.length; j++) {
            dot += e[j] * unit[j];
          }
          best = Math.max(best, dot);
        }
      }
      return best;
    }
  }

  @PersistenceContext EntityManager em;
  @Inject Embeddings embeddings;
  @Inject Outbox outbox;
  @Inject Broker broker;
  @Inject Settings settings;

  @Inject
  @ConfigProperty(name = "parley.triage.threshold", defaultValue = "0.5")
  double threshold;

  /**
   * How close the nearest example of the winning topic must be: with few topics the classifier's
   * probability alone cannot say "none of these" (two topics always share 100%).
   */
  @Inject
  @ConfigProperty(name = "parley.triage.min-similarity", defaultValue = "0.45")
  double minSimilarity;

  private final java.util.Map<Long, Model> models = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile long generation;

  void onStart(@Observes Startup.Started started) {
    if (!settings.embeddedBroker()) {
      broker.subscribeFromOthers(TOPIC, broker.node(), m -> invalidate());
    }
  }

  @Transactional
  public List<Topic> all() {
    return em.createQuery("SELECT t FROM Topic t ORDER BY t.name, t.id", Topic.class)
        .getResultList();
  }

  @Transactional
  public Topic find(long id) {
    Topic t = em.find(Topic.class, id);
    if (t == null) {
      throw new NotFound("No topic " + id);
    }
    return t;
  }

  @Transactional
  public Topic create(
      Long inbox,
      String name,
      String description,
      Long team,
      boolean humanOnly,
      List<String> examples) {
    requireTeam(team);
    if (inbox != null && em.find(dev.parley.chat.entity.Inbox.class, inbox) == null) {
      throw new Invalid("No such inbox").field("inbox", "no inbox " + inbox);
    }
    Topic t = new Topic(inbox, name, description, team, humanOnly, examples);
    em.persist(t);
    em.flush();
    changed(t, "topic.created");
    return t;
  }

  @Transactional
  public Topic update(
      long id,
      String name,
      String description,
      Long team,
      boolean humanOnly,
      List<String> examples) {
    requireTeam(team);
    Topic t = find(id);
    t.define(name, description, team, humanOnly, examples);
    changed(t, "topic.updated");
    return t;
  }

  @Transactional
  public void delete(long id) {
    Topic t = find(id);
    em.remove(t);
    changed(t, "topic.deleted");
  }

  private void requireTeam(Long team) {
    if (team != null && em.find(Team.class, team) == null) {
      throw new Invalid("No such team").field("team", "no team " + team);
    }
  }

  private void changed(Topic t, String event) {
    outbox.record(
        event, "topic", t.id(), Jsons.object().add("id", t.id()).add("name", t.name()).build());
    broker.afterCommit(
        () -> {
          invalidate();
          if (!settings.embeddedBroker()) {
            broker.publish(TOPIC, Long.toString(t.id()), broker.node());
          }
        });
  }

  private void invalidate() {
    synchronized (models) {
      generation++;
      models.clear();
    }
  }

  /** Whether any topic applies to the inbox (without topics, every question is in scope). */
  public boolean hasTopics(long inbox) {
    return current(inbox) != null;
  }

  /** Classifies a visitor's words; null topic when out of scope or no topics apply. */
  public Classification classify(long inbox, String text) {
    Model m = current(inbox);
    if (m == null) {
      return new Classification(null, 0, false);
    }
    if (!Embeddings.meaningful(text)) {
      return new Classification(null, 0, true); // no words: nothing to classify
    }
    float[] unit = TopicClassifier.unit(embeddings.embed(text));
    TopicClassifier.Prediction p = m.classifier().predict(unit);
    if (p.probability() < threshold
        || p.topic() >= m.topics().size()
        || m.nearest(unit, p.topic()) < minSimilarity) {
      return new Classification(null, p.probability(), true);
    }
    return new Classification(m.topics().get(p.topic()), p.probability(), false);
  }

  private static final Model NONE = new Model(null, List.of(), List.of(), new int[0]);

  private Model current(long inbox) {
    Model m = models.get(inbox);
    if (m == null) {
      long seen = generation;
      List<Topic> topics = all().stream().filter(t -> t.appliesTo(inbox)).toList();
      m = topics.isEmpty() ? NONE : train(topics);
      synchronized (models) {
        if (generation == seen) {
          models.put(inbox, m);
        }
      }
    }
    return m == NONE ? null : m;
  }

  private Model train(List<Topic> topics) {
    if (topics.isEmpty()) {
      return null;
    }
    long begin = System.nanoTime();
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int i = 0; i < topics.size(); i++) {
      List<String> examples = topics.get(i).examples();
      List<float[]> vectors = embeddings.embedAll(examples);
      for (float[] v : vectors) {
        x.add(TopicClassifier.unit(v));
        y.add(i);
      }
    }
    TopicClassifier classifier;
    if (topics.size() == 1) {
      // one topic: a second class of nothing lets the threshold still say "out of scope"
      x.add(new float[x.get(0).length]);
      y.add(1);
      classifier =
          TopicClassifier.train(
              x.toArray(float[][]::new),
              y.stream().mapToInt(Integer::intValue).toArray(),
              2,
              TopicClassifier.Training.defaults());
    } else {
      classifier =
          TopicClassifier.train(
              x.toArray(float[][]::new),
              y.stream().mapToInt(Integer::intValue).toArray(),
              topics.size(),
              TopicClassifier.Training.defaults());
    }
    LOG.log(
        Level.INFO,
        "Triage classifier trained on {0} examples of {1} topics in {2} ms",
        new Object[] {x.size(), topics.size(), (System.nanoTime() - begin) / 1_000_000});
    List<Topic> byIndex = new ArrayList<>(topics);
    return new Model(
        classifier, byIndex, List.copyOf(x), y.stream().mapToInt(Integer::intValue).toArray());
  }
}
