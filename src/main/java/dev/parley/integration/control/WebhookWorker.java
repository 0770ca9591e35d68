package dev.parley.integration.control;

import dev.parley.integration.entity.DeliveryState;
import dev.parley.integration.entity.Webhook;
import dev.parley.integration.entity.WebhookAttempt;
import dev.parley.integration.entity.WebhookDelivery;
import dev.parley.platform.config.ConfigurationError;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
 * Delivers to one endpoint at a time, in event order: a worker on any node takes an endpoint off
 * the {@value #QUEUE} queue, claims it, and sends its due deliveries oldest first until one fails
 * (the rest wait behind it: per endpoint, events arrive in order) or its time is up. A slow
 * endpoint holds one worker, never the others' deliveries, and its backlog stays in the database. A
 * success delivers; a failure schedules the next attempt ({@link RetrySchedule}, honouring {@code
 * Retry-After}), and after the last the delivery fails (dead letter, redeliverable); 410 Gone
 * disables the endpoint, as does failing for {@code parley.webhooks.disable-after-hours} without a
 * success. A disabled endpoint is an event ({@code webhook.disabled}) and a flag with its reason.
 */
@ApplicationScoped
public class WebhookWorker {

  private static final Logger LOG = Logger.getLogger(WebhookWorker.class.getName());

  public static final String QUEUE = "parley.webhooks.deliver";

  /** The next delivery of an endpoint, with what sending it needs. */
  public record Next(
      long delivery, String url, String eventId, String body, List<String> secrets) {}

  @PersistenceContext EntityManager em;
  @Inject Broker broker;
  @Inject Settings settings;
  @Inject Outbox outbox;
  @Inject WebhookWorker self;

  @Inject
  @ConfigProperty(name = "parley.webhooks.retry-schedule", defaultValue = RetrySchedule.STANDARD)
  String scheduleText;

  @Inject
  @ConfigProperty(name = "parley.webhooks.connect-timeout-ms", defaultValue = "5000")
  long connectTimeout;

  @Inject
  @ConfigProperty(name = "parley.webhooks.timeout-ms", defaultValue = "15000")
  long timeout;

  @Inject
  @ConfigProperty(name = "parley.webhooks.workers", defaultValue = "4")
  int workers;

  @Inject
  @ConfigProperty(name = "parley.webhooks.disable-after-hours", defaultValue = "72")
  long disableAfterHours;

  /**
   * How long a worker's claim on an endpoint lasts unless renewed (it renews after a third): the
   * time a worker that died holds up its endpoint's deliveries before another takes over.
   */
  @Inject
  @ConfigProperty(name = "parley.webhooks.claim-seconds", defaultValue = "60")
  long claimSeconds;

  /** How long one worker stays on one endpoint before giving the others a turn. */
  @Inject
  @ConfigProperty(name = "parley.webhooks.turn-ms", defaultValue = "10000")
  long turn;

  private RetrySchedule schedule;
  private WebhookSender sender;

  void onStart(@Observes Startup.Started started) {
    try {
      schedule = RetrySchedule.parse(scheduleText);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError("parley.webhooks.retry-schedule: " + e.getMessage(), e);
    }
    List<Destinations.Range> allowed;
    try { // Settings.validate() checked its form; this checks each address
      allowed = Destinations.parseAllowed(settings.webhooksAllowPrivate());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError("PARLEY_WEBHOOKS_ALLOW_PRIVATE: " + e.getMessage(), e);
    }
    sender =
        new WebhookSender(
            new Destinations(allowed),
            Duration.ofMillis(connectTimeout),
            Duration.ofMillis(timeout));
    broker.consume(QUEUE, workers, this::work);
  }

  @PreDestroy
  void stop() {
    if (sender != null) {
      sender.close();
    }
  }

  /** The sender (also for test events, sent at once). */
  public WebhookSender sender() {
    return sender;
  }

  /** What one send of a delivery gave. */
  public record Sent(long delivery, WebhookSender.Outcome outcome) {}

  void work(String message) {
    long webhook = Long.parseLong(message.strip());
    long end = System.nanoTime() + turn * 1_000_000;
    while (self.claim(webhook)) { // false: another worker has it
      boolean drained = false;
      try {
        drained = deliver(webhook, end);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Delivering to webhook " + webhook + " failed", e);
      } finally {
        self.release(webhook);
      }
      // Deliveries fanned out while this worker held the endpoint were not queued for it: take
      // them now rather than at the dispatcher's next look. A turn that ran out gives way instead.
      if (!drained || System.nanoTime() >= end || !self.hasDue(webhook)) {
        return;
      }
    }
  }

  /**
   * Sends the endpoint's due deliveries in order, a batch at a time, recording each batch's
   * attempts in one transaction. Returns true when none is left due, false when one failed (the
   * rest wait behind it) or the turn is over. A node that dies between a send and its record sends
   * that delivery again, with the same {@code webhook-id}: at least once, never lost.
   */
  private boolean deliver(long webhook, long end) {
    long renewed = System.nanoTime();
    while (System.nanoTime() < end) {
      List<Next> due = self.next(webhook, BATCH);
      if (due.isEmpty()) {
        return true;
      }
      List<Sent> sent = new java.util.ArrayList<>(due.size());
      boolean claimed = true;
      for (Next next : due) {
        if (System.nanoTime() - renewed > claimSeconds * 1_000_000_000L / 3) {
          claimed = self.renew(webhook);
          renewed = System.nanoTime();
          if (!claimed) {
            break; // another worker has the endpoint now: record what was sent and stop
          }
        }
        long timestamp = System.currentTimeMillis() / 1000;
        WebhookSender.Outcome outcome =
            sender.send(next.url(), next.eventId(), timestamp, next.secrets(), next.body());
        sent.add(new Sent(next.delivery(), outcome));
        if (!outcome.success()) {
          break;
        }
      }
      if (!self.record(sent) || !claimed) {
        return false; // it failed (the ones behind it wait for its retry), or the claim was lost
      }
    }
    return false;
  }

  @Transactional
  public boolean claim(long webhook) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return em.createNativeQuery(
                "UPDATE webhook SET claimed_by = ?1, claimed_until = ?2 WHERE id = ?3 AND"
                    + " (claimed_by = 'queue' OR claimed_until IS NULL OR claimed_until < ?4)")
            .setParameter(1, broker.node())
            .setParameter(2, now.plusSeconds(claimSeconds))
            .setParameter(3, webhook)
            .setParameter(4, now)
            .executeUpdate()
        == 1;
  }

  /** Extends this worker's claim; false when it lost it (it lapsed and another worker took it). */
  @Transactional
  public boolean renew(long webhook) {
    return em.createNativeQuery(
                "UPDATE webhook SET claimed_until = ?1 WHERE id = ?2 AND claimed_by = ?3")
            .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(claimSeconds))
            .setParameter(2, webhook)
            .setParameter(3, broker.node())
            .executeUpdate()
        == 1;
  }

  @Transactional
  public void release(long webhook) {
    em.createNativeQuery(
            "UPDATE webhook SET claimed_by = NULL, claimed_until = NULL WHERE id = ?1 AND"
                + " claimed_by = ?2")
        .setParameter(1, webhook)
        .setParameter(2, broker.node())
        .executeUpdate();
  }

  /**
   * How many due deliveries a worker reads, sends (one by one, in order) and records at once: at
   * most this many are sent again after a crash.
   */
  static final int BATCH = 50;

  /** Whether the endpoint has a delivery due now (and is enabled). */
  @Transactional
  public boolean hasDue(long webhook) {
    return !em.createQuery(
            "SELECT d.id FROM WebhookDelivery d, Webhook w WHERE d.webhookId = :w AND w.id ="
                + " d.webhookId AND w.enabled = true AND d.state = :pending AND d.nextAttemptAt <="
                + " :now",
            Long.class)
        .setParameter("w", webhook)
        .setParameter("pending", DeliveryState.PENDING)
        .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * The endpoint's oldest pending deliveries, in event order, as far as they are due now: none when
   * the oldest waits for its retry.
   */
  @Transactional
  public List<Next> next(long webhook, int most) {
    Webhook w = em.find(Webhook.class, webhook);
    if (w == null || !w.enabled()) {
      return List.of();
    }
    List<WebhookDelivery> head =
        em.createQuery(
                "SELECT d FROM WebhookDelivery d WHERE d.webhookId = :w AND d.state = :pending"
                    + " ORDER BY d.eventPosition, d.id",
                WebhookDelivery.class)
            .setParameter("w", webhook)
            .setParameter("pending", DeliveryState.PENDING)
            .setMaxResults(most)
            .getResultList();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<String> secrets = w.signingSecrets(now);
    List<Next> due = new java.util.ArrayList<>();
    for (WebhookDelivery d : head) {
      if (d.nextAttemptAt().isAfter(now)) {
        break;
      }
      due.add(new Next(d.id(), w.url(), d.eventId(), d.body(), secrets));
    }
    return due;
  }

  /**
   * Records the attempts of one batch, in order, in one transaction; returns whether all were
   * delivered (the next batch may follow at once).
   */
  @Transactional
  public boolean record(List<Sent> sent) {
    if (sent.isEmpty()) {
      return true;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    java.util.Map<Long, WebhookDelivery> deliveries = new java.util.HashMap<>();
    for (WebhookDelivery d :
        em.createQuery("SELECT d FROM WebhookDelivery d WHERE d.id IN :ids", WebhookDelivery.class)
            .setParameter("ids", sent.stream().map(Sent::delivery).toList())
            .getResultList()) {
      deliveries.put(d.id(), d);
    }
    boolean all = true; // only the last can have failed: each sent one is recorded
    for (Sent s : sent) {
      all &= record(deliveries.get(s.delivery()), s.outcome(), now);
    }
    return all;
  }

  private boolean record(WebhookDelivery d, WebhookSender.Outcome o, OffsetDateTime now) {
    if (d == null || d.state() != DeliveryState.PENDING) {
      return false; // deleted, or redelivered meanwhile
    }
    Webhook w = em.find(Webhook.class, d.webhookId());
    em.persist(
        new WebhookAttempt(
            d.id(),
            d.webhookId(),
            d.attempts() + 1,
            now,
            o.millis(),
            o.status(),
            o.response(),
            o.error()));
    if (o.success()) {
      d.delivered(o.status(), now);
      if (w.failingSince() != null) {
        failingSince(w, null);
      }
      return true;
    }
    String error = o.error() != null ? o.error() : "HTTP " + o.status();
    if (o.status() != null && o.status() == 410) {
      d.attemptFailed(410, "410 Gone: the endpoint is gone", null, now);
      disable(w, "the endpoint answered 410 Gone", now);
      return false;
    }
    boolean asksToWait = o.status() != null && (o.status() == 429 || o.status() == 503);
    Duration wait = schedule.next(d.attempts() + 1, asksToWait ? o.retryAfter() : null);
    d.attemptFailed(o.status(), error, wait == null ? null : now.plus(wait), now);
    OffsetDateTime failing = w.failingSince();
    if (failing == null) {
      failingSince(w, now);
      failing = now;
    }
    if (wait == null && failing.isBefore(now.minusHours(disableAfterHours))) {
      disable(w, "failing since " + failing + " with no success", now);
    }
    return false;
  }

  /**
   * Sets when the endpoint began failing (null: it succeeds) without touching its version: an
   * outcome of delivery is not an edit, and must not turn an admin's concurrent change of the
   * endpoint into a conflict. (The entity in hand is left as read: changing it would write it.)
   */
  private void failingSince(Webhook w, OffsetDateTime since) {
    // native (a JPQL bulk update would increment the version), and no null parameter to type
    if (since == null) {
      em.createNativeQuery("UPDATE webhook SET failing_since = NULL WHERE id = ?1")
          .setParameter(1, w.id())
          .executeUpdate();
    } else {
      em.createNativeQuery("UPDATE webhook SET failing_since = ?1 WHERE id = ?2")
          .setParameter(1, since)
          .setParameter(2, w.id())
          .executeUpdate();
    }
  }

  private void disable(Webhook w, String reason, OffsetDateTime now) {
    w.disable(reason);
    outbox.record(
        "webhook.disabled",
        "webhook",
        w.id(),
        Jsons.object().add("id", w.id()).add("url", w.url()).add("reason", reason).build());
    LOG.log(Level.WARNING, "Webhook {0} disabled: {1}", new Object[] {w.id(), reason});
  }
}
