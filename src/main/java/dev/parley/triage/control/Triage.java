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
import dev.parley.triage.entity.Examples;
import dev.parley.triage.entity.Topic;
import dev.parley.triage.entity.TriageRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Topics and classification. Topic changes request a new model of the topic sets they affect
 * ({@link TriageTraining}, in the background); classify uses the model already stored ({@link
 * TriageModels}) under the fitted out-of-scope rule, or the admin's explicit one. Changes of models
 * and of the rule reach the other nodes on {@value #TOPIC}.
 */
@ApplicationScoped
public class Triage {

  public static final String TOPIC = "parley.triage.topics";

  /** A topic with its probability and the similarity of its nearest example. */
  public record Scored(Topic topic, double probability, double similarity) {}

  /** The rule a classification was made under, and where it came from. */
  public record RuleInUse(TopicModel.Rule rule, String source) {}

  /**
   * A classification: the topic (null when out of scope or no model applies), the classifier's
   * confidence, the top topics with their scores, why, and the model that decided.
   */
  public record Classification(
      Topic topic,
      double confidence,
      boolean outOfScope,
      List<Scored> top,
      String reason,
      RuleInUse rule,
      Long modelSet,
      long generation) {
    static Classification none(String reason, boolean outOfScope) {
      return new Classification(null, 0, outOfScope, List.of(), reason, null, null, 0);
    }
  }

  /** A topic as saved, and what was done to its examples. */
  public record Saved(Topic topic, Examples examples) {}

  @PersistenceContext EntityManager em;
  @Inject Embeddings embeddings;
  @Inject Outbox outbox;
  @Inject Broker broker;
  @Inject Settings settings;
  @Inject TriageModels models;
  @Inject TriageTraining training;

  private volatile Optional<TriageRule> override;

  void onStart(@Observes Startup.Started started) {
    if (!settings.embeddedBroker()) {
      broker.subscribeFromOthers(TOPIC, broker.node(), m -> changedElsewhere());
    }
  }

  private void changedElsewhere() {
    models.changed();
    override = null;
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
  public Saved create(
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
    Examples checked = Examples.of(examples);
    Topic t = new Topic(inbox, name, description, team, humanOnly, checked);
    em.persist(t);
    em.flush();
    changed(t, "topic.created");
    return new Saved(t, checked);
  }

  @Transactional
  public Saved update(
      long id,
      String name,
      String description,
      Long team,
      boolean humanOnly,
      List<String> examples) {
    requireTeam(team);
    Topic t = find(id);
    Examples checked = Examples.of(examples);
    t.define(name, description, team, humanOnly, checked);
    changed(t, "topic.updated");
    return new Saved(t, checked);
  }

  @Transactional
  public void delete(long id) {
    Topic t = find(id);
    em.remove(t);
    changed(t, "topic.deleted");
  }

  /** A topic as an import defines it. */
  public record Definition(
      Long inbox,
      String name,
      String description,
      Long team,
      boolean humanOnly,
      List<String> examples) {}

  /** Where a field of an imported topic was in the import (a JSON pointer without "#/"). */
  public interface Locator {
    String at(int topic, String field);
  }

  /** What an import did to one topic: created or updated, and its examples' notes. */
  public record Imported(Saved saved, boolean created) {}

  /**
   * Creates or updates (by inbox and name, ignoring case) every topic of an import, in one
   * transaction: a refused topic refuses the import, with every reason at its position ({@code
   * topics/3/examples/17}), and nothing is saved. The sets are retrained once.
   */
  @Transactional
  public List<Imported> importTopics(List<Definition> definitions, Locator where) {
    Invalid invalid = new Invalid("Invalid topics in the import");
    List<Imported> done = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    List<Topic> existing = all();
    for (int i = 0; i < definitions.size(); i++) {
      Definition d = definitions.get(i);
      final int at = i;
      String key =
          d.inbox()
              + "|"
              + (d.name() == null ? "" : d.name().strip().toLowerCase(java.util.Locale.ROOT));
      Integer twice = names.putIfAbsent(key, i);
      if (twice != null) {
        invalid.field(where.at(i, "name"), "the same topic as #/" + where.at(twice, ""));
        continue;
      }
      try {
        requireTeam(d.team());
        if (d.inbox() != null && em.find(dev.parley.chat.entity.Inbox.class, d.inbox()) == null) {
          throw new Invalid("No such inbox").field("inbox", "no inbox " + d.inbox());
        }
        Examples checked = Examples.of(d.examples());
        Topic t =
            existing.stream()
                .filter(
                    e ->
                        java.util.Objects.equals(e.inboxId(), d.inbox())
                            && d.name() != null
                            && e.name().equalsIgnoreCase(d.name().strip()))
                .findFirst()
                .orElse(null);
        boolean created = t == null;
        if (created) {
          t = new Topic(d.inbox(), d.name(), d.description(), d.team(), d.humanOnly(), checked);
          em.persist(t);
        } else {
          t.define(d.name(), d.description(), d.team(), d.humanOnly(), checked);
        }
        done.add(new Imported(new Saved(t, checked), created));
      } catch (Invalid e) {
        e.fields().forEach((field, detail) -> invalid.field(where.at(at, field), detail));
      }
    }
    if (!invalid.fields().isEmpty()) {
      throw invalid;
    }
    em.flush();
    java.util.Set<Long> sets = new java.util.LinkedHashSet<>();
    for (Imported imported : done) {
      Topic t = imported.saved().topic();
      outbox.record(
          imported.created() ? "topic.created" : "topic.updated",
          "topic",
          t.id(),
          Jsons.object().add("id", t.id()).add("name", t.name()).build());
      sets.addAll(training.affected(t.inboxId()));
    }
    training.request(sets);
    return done;
  }

  private void requireTeam(Long team) {
    if (team != null && em.find(Team.class, team) == null) {
      throw new Invalid("No such team").field("team", "no team " + team);
    }
  }

  private void changed(Topic t, String event) {
    outbox.record(
        event, "topic", t.id(), Jsons.object().add("id", t.id()).add("name", t.name()).build());
    training.request(training.affected(t.inboxId()));
  }

  /** Whether a model applies to the inbox (without topics, every question is in scope). */
  public boolean hasTopics(long inbox) {
    return models.forInbox(inbox).isPresent();
  }

  /** The admin's explicit rule, if any. */
  @Transactional
  public Optional<TriageRule> override() {
    Optional<TriageRule> o = override;
    if (o == null) {
      o = Optional.ofNullable(em.find(TriageRule.class, TriageRule.ID));
      override = o;
    }
    return o;
  }

  /** Sets the admin's explicit rule (used instead of every fitted one). */
  @Transactional
  public TriageRule override(double minProbability, double minSimilarity, String by) {
    TriageRule r = em.find(TriageRule.class, TriageRule.ID, LockModeType.PESSIMISTIC_WRITE);
    if (r == null) {
      r = new TriageRule(minProbability, minSimilarity, by);
      em.persist(r);
    } else {
      r.set(minProbability, minSimilarity, by);
    }
    ruleChanged(r);
    return r;
  }

  /** Back to the fitted rules. */
  @Transactional
  public void clearOverride() {
    TriageRule r = em.find(TriageRule.class, TriageRule.ID, LockModeType.PESSIMISTIC_WRITE);
    if (r != null) {
      em.remove(r);
    }
    ruleChanged(null);
  }

  private void ruleChanged(TriageRule r) {
    outbox.record(
        "triage.rule_changed",
        "triage_rule",
        TriageRule.ID,
        r == null
            ? Jsons.object().addNull("rule").build()
            : Jsons.object()
                .add("minProbability", r.minProbability())
                .add("minSimilarity", r.minSimilarity())
                .build());
    broker.afterCommit(
        () -> {
          override = null;
          if (!settings.embeddedBroker()) {
            broker.publish(TOPIC, "rule", broker.node());
          }
        });
  }

  /** Classifies a visitor's words with the inbox's model; null topic when out of scope. */
  public Classification classify(long inbox, String text) {
    Optional<TriageModels.Loaded> loaded = models.forInbox(inbox);
    if (loaded.isEmpty()) {
      return Classification.none("no_model", false);
    }
    if (!Embeddings.meaningful(text)) {
      return Classification.none("no_words", true); // no words: nothing to classify
    }
    TriageModels.Loaded m = loaded.get();
    RuleInUse rule =
        override()
            .map(
                r ->
                    new RuleInUse(
                        new TopicModel.Rule(r.minProbability(), r.minSimilarity()), "override"))
            .orElseGet(() -> new RuleInUse(m.model().rule(), "fitted"));
    float[] unit = TopicClassifier.unit(embeddings.embed(text, m.embeddingModel()));
    TopicModel.Verdict v = m.model().classify(unit, text, rule.rule());
    Map<Long, Topic> cached = topicsById(false);
    Map<Long, Topic> topics =
        v.top().stream().allMatch(c -> m.topic(c.topic(), cached) != null)
            ? cached
            : topicsById(true); // a topic newer than the cache

    List<Scored> top = new ArrayList<>();
    for (TopicModel.Candidate c : v.top()) {
      Topic t = m.topic(c.topic(), topics);
      if (t != null) {
        top.add(new Scored(t, c.probability(), c.similarity()));
      }
    }
    Topic best = m.topic(v.best().topic(), topics);
    boolean outOfScope = v.outOfScope() || best == null;
    String reason =
        best == null ? "topic_deleted" : v.reason().name().toLowerCase(java.util.Locale.ROOT);
    return new Classification(
        outOfScope ? null : best,
        v.best().probability(),
        outOfScope,
        top,
        reason,
        rule,
        m.set(),
        m.generation());
  }

  private volatile Map<Long, Topic> topicCache;
  private volatile long topicCacheAt;

  /** The topics by id, re-read at most once a second (classify runs per visitor message). */
  private Map<Long, Topic> topicsById(boolean reread) {
    Map<Long, Topic> c = topicCache;
    if (reread || c == null || System.currentTimeMillis() - topicCacheAt > 1_000) {
      Map<Long, Topic> fresh = new HashMap<>();
      all().forEach(t -> fresh.put(t.id(), t));
      topicCache = fresh;
      topicCacheAt = System.currentTimeMillis();
      c = fresh;
    }
    return c;
  }
}
