package dev.parley.triage.control;

import dev.parley.knowledge.control.Embeddings;
import dev.parley.platform.config.ConfigurationError;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.messaging.Broker;
import dev.parley.platform.text.Languages;
import dev.parley.triage.entity.Topic;
import dev.parley.triage.entity.TriageModel;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Trains topic sets in the background. A topic change requests a new generation of the sets it
 * affects and queues a job ({@value #QUEUE}); the job runs on one node, claims the set (one trainer
 * at a time per set, across the cluster), embeds only the examples the previous model did not have,
 * fits a {@link TopicModel}, stores it for every node and tells them on {@link Triage#TOPIC}.
 * Nobody waits for it: classify keeps using the model already stored.
 */
@ApplicationScoped
public class TriageTraining {

  private static final Logger LOG = Logger.getLogger(TriageTraining.class.getName());

  public static final String QUEUE = "parley.triage.train";

  /** Progress is written at most this often. */
  private static final long PROGRESS_MILLIS = 500;

  private static final int EMBED_BATCH = 64;

  @PersistenceContext EntityManager em;
  @Inject Embeddings embeddings;
  @Inject Broker broker;
  @Inject Settings settings;
  @Inject TriageModels models;

  /** This bean through its proxy, so that its own calls run in their transactions. */
  @Inject TriageTraining self;

  /** The share of in-scope messages the fitted out-of-scope rule keeps in scope. */
  @Inject
  @ConfigProperty(name = "parley.triage.in-scope-target", defaultValue = "0.97")
  double target;

  /** The share of each topic's examples held out to stop training and fit the rule. */
  @Inject
  @ConfigProperty(name = "parley.triage.held-out-share", defaultValue = "0.2")
  double heldOutShare;

  /** The prior probability floor, used as is when a set has too few examples to fit one. */
  @Inject
  @ConfigProperty(name = "parley.triage.threshold", defaultValue = "0.5")
  double priorProbability;

  /** The prior nearest-example floor (chosen on CLINC150's validation split). */
  @Inject
  @ConfigProperty(name = "parley.triage.min-similarity", defaultValue = "0.45")
  double priorSimilarity;

  /**
   * How much the head reads the messages' words beside their embeddings (the length of their {@link
   * Wording} features; 0: embeddings alone). Chosen on CLINC150's validation split.
   */
  @Inject
  @ConfigProperty(name = "parley.triage.word-weight", defaultValue = "0.5")
  double wordWeight;

  private TopicModel.Options options;

  @PostConstruct
  void init() {
    if (!(target >= 0.5 && target < 1)) {
      throw new ConfigurationError(
          List.of("parley.triage.in-scope-target must be at least 0.5 and below 1, not " + target));
    }
    if (!(heldOutShare > 0 && heldOutShare <= 0.5)) {
      throw new ConfigurationError(
          List.of(
              "parley.triage.held-out-share must be above 0 and at most 0.5, not " + heldOutShare));
    }
    for (var e :
        Map.of(
                "parley.triage.threshold", priorProbability,
                "parley.triage.min-similarity", priorSimilarity)
            .entrySet()) {
      if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
        throw new ConfigurationError(
            List.of(e.getKey() + " must be between 0 and 1, not " + e.getValue()));
      }
    }
    if (!(wordWeight >= 0 && wordWeight <= 2)) {
      throw new ConfigurationError(
          List.of("parley.triage.word-weight must be between 0 and 2, not " + wordWeight));
    }
    options =
        new TopicModel.Options(
                target,
                heldOutShare,
                new TopicModel.Rule(priorProbability, priorSimilarity),
                new TopicModel.Rule(0.0, Math.min(priorSimilarity, 0.30)),
                new TopicModel.Rule(
                    Math.max(priorProbability, 0.60), Math.max(priorSimilarity, 0.75)),
                TopicClassifier.Training.defaults())
            .withWords(wordWeight);
  }

  public TopicModel.Options options() {
    return options;
  }

  void onStart(@Observes Startup.Started started) {
    broker.consume(QUEUE, 1, this::receive);
    self.requestOutdated();
  }

  /** The sets a change of topics in {@code inbox} (null: every inbox) affects. */
  @Transactional
  public Set<Long> affected(Long inbox) {
    Set<Long> sets = new LinkedHashSet<>();
    if (inbox != null) {
      sets.add(inbox);
      return sets;
    }
    sets.add(TriageModel.GLOBAL);
    sets.addAll(
        em.createQuery(
                "SELECT DISTINCT t.inboxId FROM Topic t WHERE t.inboxId IS NOT NULL", Long.class)
            .getResultList());
    sets.addAll(em.createQuery("SELECT m.topicSet FROM TriageModel m", Long.class).getResultList());
    return sets;
  }

  /** Requests a new generation of each set, in the caller's transaction, and queues the jobs. */
  @Transactional
  public void request(Set<Long> sets) {
    for (long set : sets) {
      TriageModel m = em.find(TriageModel.class, set, LockModeType.PESSIMISTIC_WRITE);
      if (m == null) {
        m = new TriageModel(set);
        em.persist(m);
      }
      m.request();
      broker.enqueue(QUEUE, Long.toString(set));
    }
  }

  /**
   * At start: requests the sets whose stored model was not trained on the current topics (changed
   * while no node ran, another embedding model) or whose trainer died.
   */
  @Transactional
  public void requestOutdated() {
    Set<Long> sets = affected(null);
    Set<Long> outdated = new LinkedHashSet<>();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (long set : sets) {
      TriageModel m = em.find(TriageModel.class, set);
      List<Topic> topics = topicsOf(set);
      String fingerprint = fingerprint(topics);
      if (m == null
          ? !topics.isEmpty()
          : (m.state() == TriageModel.State.READY || m.state() == TriageModel.State.EMPTY)
              ? !fingerprint.equals(m.fingerprint())
              : m.state() != TriageModel.State.TRAINING || stale(m, now)) {
        outdated.add(set);
      }
    }
    if (!outdated.isEmpty()) {
      LOG.log(Level.INFO, "Triage: training topic sets {0}", outdated);
      request(outdated);
    }
  }

  private static boolean stale(TriageModel m, OffsetDateTime now) {
    return m.heartbeat() == null || m.heartbeat().isBefore(now.minus(TriageModel.STALE));
  }

  private void receive(String message) {
    train(Long.parseLong(message.trim()));
  }

  /** Trains a set until its latest requested generation is stored (or another node trains it). */
  public void train(long set) {
    boolean again = true;
    while (again) {
      long generation = self.claim(set);
      if (generation < 0) {
        return;
      }
      try {
        Trained t = fit(set, generation);
        again =
            self.store(
                set,
                generation,
                t.loaded() == null ? null : t.loaded().bytes(),
                t.report(),
                t.fingerprint());
        if (t.loaded() != null) {
          models.trained(t.loaded());
        } else {
          models.changed();
        }
        if (!settings.embeddedBroker()) {
          broker.publish(Triage.TOPIC, "model " + set + " " + generation, broker.node());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Training triage set " + set + " failed", e);
        self.failed(set, e.getClass().getSimpleName() + ": " + e.getMessage());
        throw e;
      }
    }
  }

  @Transactional
  public long claim(long set) {
    TriageModel m = em.find(TriageModel.class, set, LockModeType.PESSIMISTIC_WRITE);
    return m == null ? -1 : m.claim(broker.node(), OffsetDateTime.now(ZoneOffset.UTC));
  }

  /**
   * The trainer's progress and heartbeat, as {@link TriageModel#progress} would write them, in one
   * statement: the row's model bytes (megabytes for a big set) are not read twice a second.
   */
  @Transactional
  public void progress(long set, String phase, int done, int total) {
    em.createQuery(
            "UPDATE TriageModel m SET m.phase = :phase, m.done = :done, m.total = :total,"
                + " m.heartbeat = :now WHERE m.topicSet = :set AND m.trainer = :node"
                + " AND m.state = :training")
        .setParameter("phase", phase)
        .setParameter("done", done)
        .setParameter("total", total)
        .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
        .setParameter("set", set)
        .setParameter("node", broker.node())
        .setParameter("training", TriageModel.State.TRAINING)
        .executeUpdate();
  }

  @Transactional
  public boolean store(long set, long generation, byte[] model, String report, String fingerprint) {
    TriageModel m = em.find(TriageModel.class, set, LockModeType.PESSIMISTIC_WRITE);
    boolean again = m != null && m.store(broker.node(), generation, model, report, fingerprint);
    LOG.log(
        Level.INFO,
        "DEBUG store {0} gen {1} trained {2} requested {3} state {4}",
        new Object[] {
          set,
          generation,
          m == null ? -1 : m.trained(),
          m == null ? -1 : m.requested(),
          m == null ? null : m.state()
        });
    return again;
  }

  @Transactional
  public void failed(long set, String reason) {
    TriageModel m = em.find(TriageModel.class, set, LockModeType.PESSIMISTIC_WRITE);
    if (m != null) {
      m.failed(broker.node(), reason);
    }
  }

  /** The topics of a set: every inbox's, plus the inbox's own. */
  @Transactional
  public List<Topic> topicsOf(long set) {
    List<Topic> all =
        em.createQuery("SELECT t FROM Topic t ORDER BY t.id", Topic.class).getResultList();
    if (set != TriageModel.GLOBAL
        && all.stream().noneMatch(t -> Long.valueOf(set).equals(t.inboxId()))) {
      return List.of(); // no topics of its own: the inbox uses the global set
    }
    return all.stream().filter(t -> t.appliesTo(set)).toList();
  }

  record Trained(TriageModels.Loaded loaded, String report, String fingerprint) {}

  private Trained fit(long set, long generation) {
    long begin = System.nanoTime();
    List<Topic> topics = self.topicsOf(set);
    String fingerprint = fingerprint(topics);
    if (topics.isEmpty()) {
      return new Trained(null, null, fingerprint);
    }
    Progress progress = new Progress(set);
    embeddings.awaitReady(120);
    String embeddingModel = embeddingModel(topics);
    Map<Long, float[]> previous =
        models
            .last(set)
            .or(() -> models.last(TriageModel.GLOBAL))
            .filter(m -> m.embeddingModel().equals(embeddingModel))
            .map(TriageModels.Loaded::vectors)
            .orElse(Map.of());
    List<float[]> x = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Long> keys = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<Integer> missingAt = new ArrayList<>();
    for (int i = 0; i < topics.size(); i++) {
      for (String example : topics.get(i).examples()) {
        long key = key(example);
        float[] v = previous.get(key);
        if (v == null) {
          missing.add(example);
          missingAt.add(x.size());
        }
        x.add(v);
        texts.add(example);
        y.add(i);
        keys.add(key);
      }
    }
    for (int from = 0; from < missing.size(); from += EMBED_BATCH) {
      List<float[]> vectors =
          embeddings.embedAll(
              missing.subList(from, Math.min(missing.size(), from + EMBED_BATCH)), embeddingModel);
      for (int k = 0; k < vectors.size(); k++) {
        x.set(missingAt.get(from + k), TopicClassifier.unit(vectors.get(k)));
      }
      progress.at("embedding", Math.min(missing.size(), from + EMBED_BATCH), missing.size());
    }
    long embedded = System.nanoTime();
    TopicModel.Trained trained =
        TopicModel.fit(
            x.toArray(float[][]::new),
            texts,
            y.stream().mapToInt(Integer::intValue).toArray(),
            topics.size(),
            options,
            progress);
    long done = System.nanoTime();
    TriageModels.Loaded loaded =
        new TriageModels.Loaded(
            set,
            generation,
            topics.stream().mapToLong(Topic::id).toArray(),
            keys.stream().mapToLong(Long::longValue).toArray(),
            embeddingModel,
            trained.model());
    LOG.log(
        Level.INFO,
        "Triage set {0}: {1} examples of {2} topics ({3} embedded) in {4} ms, {5} epochs",
        new Object[] {
          set,
          x.size(),
          topics.size(),
          missing.size(),
          (done - begin) / 1_000_000,
          trained.fit().epochs()
        });
    String report =
        report(
                topics,
                trained.fit(),
                x.size(),
                missing.size(),
                (embedded - begin) / 1_000_000,
                (done - embedded) / 1_000_000)
            .build()
            .toString();
    return new Trained(loaded, report, fingerprint);
  }

  private JsonObjectBuilder report(
      List<Topic> topics,
      TopicModel.Fit fit,
      int examples,
      int embedded,
      long embeddingMillis,
      long trainingMillis) {
    JsonArrayBuilder perTopic = Jsons.array();
    for (int i = 0; i < topics.size(); i++) {
      TopicModel.TopicFigures f = fit.topics().get(i);
      JsonObjectBuilder o =
          Jsons.object()
              .add("topic", topics.get(i).id())
              .add("name", topics.get(i).name())
              .add("examples", f.examples())
              .add("heldOut", f.heldOut())
              .add("correct", f.correct())
              .add("keptInScope", f.keptInScope());
      if (f.heldOut() > 0) {
        o.add("accuracy", round((double) f.correct() / f.heldOut()));
      } else {
        o.addNull("accuracy");
      }
      if (f.confusedWith() >= 0) {
        o.add(
            "confusedWith",
            Jsons.object()
                .add("topic", topics.get(f.confusedWith()).id())
                .add("name", topics.get(f.confusedWith()).name())
                .add("count", f.confusions()));
      } else {
        o.addNull("confusedWith");
      }
      perTopic.add(o);
    }
    JsonObjectBuilder r =
        Jsons.object()
            .add("embeddingModel", embeddingModel(topics))
            .add("topics", topics.size())
            .add("examples", examples)
            .add("embedded", embedded)
            .add("epochs", fit.epochs())
            .add("wordWeight", fit.wordWeight())
            .add("embeddingMillis", embeddingMillis)
            .add("trainingMillis", trainingMillis)
            .add("inScopeTarget", fit.target())
            .add("fitted", rule(fit.rule()))
            .add("prior", rule(fit.prior()))
            .add("heldOut", fit.heldOut())
            .add("perTopic", perTopic);
    if (fit.measured() != null) {
      r.add("measured", rule(fit.measured()));
      r.add("heldOutAccuracy", round(fit.accuracy()));
      r.add("keptInScope", round((double) fit.keptInScope() / fit.heldOut()));
    } else {
      r.addNull("measured").addNull("heldOutAccuracy").addNull("keptInScope");
    }
    return r;
  }

  static JsonObjectBuilder rule(TopicModel.Rule rule) {
    return Jsons.object()
        .add("minProbability", round(rule.minProbability()))
        .add("minSimilarity", round(rule.minSimilarity()));
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /**
   * The embedding model of a topic set: the Chinese one when at least half of its examples are
   * written in Chinese, else the default one. One model per set: a visitor's message is compared
   * with every topic in one vector space.
   */
  String embeddingModel(List<Topic> topics) {
    int all = 0;
    int chinese = 0;
    for (Topic t : topics) {
      for (String example : t.examples()) {
        all++;
        chinese += Languages.isChinese(example) ? 1 : 0;
      }
    }
    return all > 0 && 2 * chinese >= all
        ? embeddings.modelFor(Languages.CHINESE)
        : embeddings.model();
  }

  /** What a set's model depends on: its topics as they are now, and the embedding model. */
  String fingerprint(List<Topic> topics) {
    StringBuilder s = new StringBuilder(embeddingModel(topics));
    for (Topic t : topics) {
      s.append(';').append(t.id()).append(':').append(t.version());
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An example's text as a key (64 bits of its SHA-256). */
  static long key(String example) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(example.getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (d[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes progress at most every {@value #PROGRESS_MILLIS} ms (and keeps the claim alive). */
  private final class Progress implements TopicModel.Progress {
    private final long set;
    private long last;

    Progress(long set) {
      this.set = set;
    }

    @Override
    public void at(String phase, int done, int total) {
      long now = System.currentTimeMillis();
      if (now - last >= PROGRESS_MILLIS || done == total) {
        last = now;
        self.progress(set, phase, done, total);
      }
    }
  }
}
