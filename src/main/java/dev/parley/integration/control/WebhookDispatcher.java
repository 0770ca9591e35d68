package dev.parley.integration.control;

import dev.parley.integration.entity.DeliveryState;
import dev.parley.integration.entity.OutboxEvent;
import dev.parley.integration.entity.Webhook;
import dev.parley.integration.entity.WebhookDelivery;
import dev.parley.platform.cluster.LeasedLoop;
import dev.parley.platform.cluster.Leases;
import dev.parley.platform.config.ConfigurationError;
import dev.parley.platform.config.Startup;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the event stream into webhook deliveries and hands due work to the workers. One node at a
 * time (the {@value #LEASE} lease): for each enabled endpoint it reads the events after the
 * endpoint's cursor, stores a delivery for each one the endpoint takes (the event as it will be
 * sent, so a retry days later sends the same bytes), and moves the cursor — in one transaction, so
 * an event becomes a delivery exactly once. Then each endpoint with a delivery due and no worker on
 * it is queued on {@value WebhookWorker#QUEUE} (JMS: any node's worker takes it) and marked claimed
 * for a while, so it is queued once; a worker that dies lets the claim lapse and the endpoint is
 * queued again. Delivery state lives in the database: retries survive restarts.
 */
@ApplicationScoped
public class WebhookDispatcher {

  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

  static final String LEASE = "webhook-dispatch";
  private static final Duration LEASE_TTL = Duration.ofSeconds(10);

  @Resource ManagedScheduledExecutorService scheduler;
  @PersistenceContext EntityManager em;
  @Inject Leases leases;
  @Inject Broker broker;
  @Inject EventStream stream;
  @Inject WebhookDispatcher self;

  @Inject
  @ConfigProperty(name = "parley.webhooks.dispatch-interval-ms", defaultValue = "200")
  long interval;

  @Inject
  @ConfigProperty(name = "parley.webhooks.retry-schedule", defaultValue = RetrySchedule.STANDARD)
  String schedule;

  @Inject
  @ConfigProperty(name = "parley.webhooks.log-retention-days", defaultValue = "7")
  int logRetentionDays;

  /**
   * How long a queued endpoint stays claimed before it is queued again: the time a lost queue
   * message (the broker was away) or a dead worker delays its deliveries.
   */
  @Inject
  @ConfigProperty(name = "parley.webhooks.queue-claim-seconds", defaultValue = "60")
  long queueClaim;

  private volatile long nextPrune;
  private LeasedLoop loop;

  void onStart(@Observes Startup.Started started) {
    try {
      RetrySchedule.parse(schedule);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError("parley.webhooks.retry-schedule: " + e.getMessage(), e);
    }
    loop = new LeasedLoop(LEASE, LEASE_TTL, leases, broker.node(), scheduler, this::dispatch);
    loop.start(Duration.ofMillis(1_500), Duration.ofMillis(interval));
  }

  @PreDestroy
  void stop() {
    if (loop != null) {
      loop.stop();
    }
  }

  /** The relay on this node committed events: fan them out now rather than at the next look. */
  void onRelayed(@Observes EventStream.Relayed relayed) {
    if (loop != null) {
      loop.wake();
    }
  }

  private void dispatch() {
    // One batch per endpoint per round, and due work queued after each round: a burst for one
    // endpoint does not hold up the others' fan-out, and delivery starts while a backlog is read.
    List<Long> behind = self.enabledEndpoints();
    do {
      List<Long> still = new java.util.ArrayList<>();
      for (Long id : behind) {
        if (self.fanOut(id) == FAN_OUT_BATCH) {
          still.add(id); // each batch is its own transaction
        }
      }
      for (Long id : self.claimDue()) {
        broker.enqueue(WebhookWorker.QUEUE, Long.toString(id));
      }
      behind = still;
    } while (!behind.isEmpty());
    if (System.currentTimeMillis() >= nextPrune) {
      nextPrune = System.currentTimeMillis() + 3_600_000;
      self.prune();
    }
  }

  static final int FAN_OUT_BATCH = 500;

  @Transactional
  public List<Long> enabledEndpoints() {
    return em.createQuery("SELECT w.id FROM Webhook w WHERE w.enabled = true", Long.class)
        .getResultList();
  }

  /**
   * Stores the deliveries of the next events of its types for one endpoint; returns how many events
   * it read (the database skips other types).
   */
  @Transactional
  public int fanOut(long webhookId) {
    Webhook w = em.find(Webhook.class, webhookId);
    if (w == null || !w.enabled()) {
      return 0;
    }
    EventStream.Page page;
    try {
      page = stream.page(w.cursorPosition(), w.eventTypes(), FAN_OUT_BATCH);
    } catch (EventStream.Expired e) {
      // the endpoint was disabled longer than events are kept: go on from the oldest kept
      LOG.log(
          Level.WARNING,
          "Webhook {0} missed events pruned before position {1}",
          new Object[] {webhookId, e.oldest()});
      moveCursor(webhookId, e.oldest() - 1);
      return 0;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (OutboxEvent e : page.events()) {
      if (!w.takes(e.type())) {
        continue;
      }
      JsonObject event = EventStream.json(e, false);
      JsonObject data = event.getJsonObject("data");
      if (!w.accepts(number(data, "inbox"), number(data, "team"))) {
        continue;
      }
      em.persist(
          new WebhookDelivery(
              webhookId, EventStream.id(e), e.type(), e.position(), event.toString(), now));
    }
    moveCursor(webhookId, page.next());
    return page.events().size();
  }

  /**
   * Moves an endpoint's cursor forward, without touching its version: fanning out is not an edit,
   * and must not turn an admin's concurrent change of the endpoint into a conflict.
   */
  private void moveCursor(long webhookId, long position) {
    em.createNativeQuery( // native: a JPQL bulk update would increment the version
            "UPDATE webhook SET cursor_position = ?1 WHERE id = ?2 AND cursor_position < ?1")
        .setParameter(1, position)
        .setParameter(2, webhookId)
        .executeUpdate();
  }

  /** A number of an event's data (an inbox, a team), or null. */
  static Long number(JsonObject data, String key) {
    JsonValue v = data.get(key);
    return v instanceof JsonNumber n ? n.longValue() : null;
  }

  /**
   * The endpoints with a delivery due and no worker on them, marked claimed by the queue; a claim
   * that lapsed (a worker died) counts as none.
   */
  @Transactional
  public List<Long> claimDue() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Long> due =
        em.createQuery(
                "SELECT DISTINCT d.webhookId FROM WebhookDelivery d WHERE d.state = :pending AND"
                    + " d.nextAttemptAt <= :now",
                Long.class)
            .setParameter("pending", DeliveryState.PENDING)
            .setParameter("now", now)
            .getResultList();
    List<Long> claimed = new java.util.ArrayList<>();
    for (Long id : due) {
      int updated =
          em.createNativeQuery(
                  "UPDATE webhook SET claimed_by = ?1, claimed_until = ?2 WHERE id = ?3 AND enabled"
                      + " = TRUE AND (claimed_until IS NULL OR claimed_until < ?4)")
              .setParameter(1, "queue")
              .setParameter(2, now.plusSeconds(queueClaim))
              .setParameter(3, id)
              .setParameter(4, now)
              .executeUpdate();
      if (updated == 1) {
        claimed.add(id);
      }
    }
    return claimed;
  }

  /** Forgets finished deliveries and attempts older than the log keeps. */
  @Transactional
  public void prune() {
    OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusDays(logRetentionDays);
    em.createQuery("DELETE FROM WebhookAttempt a WHERE a.attemptedAt < :before")
        .setParameter("before", before)
        .executeUpdate();
    em.createQuery(
            "DELETE FROM WebhookDelivery d WHERE d.state <> :pending AND d.finishedAt < :before")
        .setParameter("pending", DeliveryState.PENDING)
        .setParameter("before", before)
        .executeUpdate();
  }
}
