package dev.parley.integration.control;

import dev.parley.integration.entity.DeliveryState;
import dev.parley.integration.entity.OutboxEvent;
import dev.parley.integration.entity.Webhook;
import dev.parley.integration.entity.WebhookAttempt;
import dev.parley.integration.entity.WebhookDelivery;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Webhook endpoints as admins manage them: create (the secret is shown once), change, enable or
 * disable, rotate the secret (both sign during an overlap), delete; the delivery log; redelivery of
 * one delivery and replay of a time range; a test event sent at once.
 */
@ApplicationScoped
public class Webhooks {

  /** A new endpoint and its secret, shown this once. */
  public record Created(Webhook webhook, String secret) {}

  /** What a test event came to. */
  public record Tested(WebhookDelivery delivery, WebhookSender.Outcome outcome) {}

  /** What an endpoint is set up with. */
  public record Setup(
      String url, String description, List<String> eventTypes, Long inbox, Long team) {}

  public static final int MAX_REPLAY = 10_000;

  @PersistenceContext EntityManager em;
  @Inject EventStream stream;
  @Inject Outbox outbox;
  @Inject WebhookWorker worker;
  @Inject Webhooks self;

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static void check(Setup s) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    String url = Destinations.invalid(s.url());
    if (url != null) {
      fields.put("url", url);
    }
    for (int i = 0; i < s.eventTypes().size(); i++) {
      String t = s.eventTypes().get(i).strip();
      if (!EventStream.TYPE_PATTERN.matcher(t).matches()) {
        fields.put(
            "eventTypes/" + i, "must be an event type such as ticket.created, ticket.* or *");
      }
    }
    if (!fields.isEmpty()) {
      Invalid invalid = new Invalid("The webhook cannot be saved");
      fields.forEach(invalid::field);
      throw invalid;
    }
  }

  /** A new endpoint: it receives the events that happen from now on. */
  @Transactional
  public Created create(Setup s) {
    check(s);
    String secret = Signatures.newSecret();
    Webhook w =
        new Webhook(
            s.url().strip(),
            s.description(),
            s.eventTypes().stream().map(String::strip).toList(),
            s.inbox(),
            s.team(),
            secret,
            stream.latest());
    em.persist(w);
    em.flush();
    outbox.record("webhook.created", "webhook", w.id(), summary(w));
    return new Created(w, secret);
  }

  private static JsonObject summary(Webhook w) {
    return Jsons.object()
        .add("id", w.id())
        .add("url", w.url())
        .add("eventTypes", Jsons.array(w.eventTypes()))
        .add("enabled", w.enabled())
        .build();
  }

  @Transactional
  public List<Webhook> list() {
    return em.createQuery("SELECT w FROM Webhook w ORDER BY w.id", Webhook.class).getResultList();
  }

  @Transactional
  public Webhook find(long id) {
    Webhook w = em.find(Webhook.class, id);
    if (w == null) {
      throw new NotFound("No webhook " + id);
    }
    return w;
  }

  @Transactional
  public Webhook change(long id, Setup s, Boolean enabled) {
    check(s);
    Webhook w = find(id);
    w.change(
        s.url().strip(),
        s.description(),
        s.eventTypes().stream().map(String::strip).toList(),
        s.inbox(),
        s.team());
    if (enabled != null && enabled != w.enabled()) {
      if (enabled) {
        w.enable();
      } else {
        w.disable("disabled by an admin");
      }
    }
    outbox.record("webhook.updated", "webhook", w.id(), summary(w));
    return w;
  }

  @Transactional
  public void delete(long id) {
    Webhook w = find(id);
    em.createQuery("DELETE FROM WebhookAttempt a WHERE a.webhookId = :w")
        .setParameter("w", id)
        .executeUpdate();
    em.createQuery("DELETE FROM WebhookDelivery d WHERE d.webhookId = :w")
        .setParameter("w", id)
        .executeUpdate();
    em.remove(w);
    outbox.record("webhook.deleted", "webhook", id, Jsons.object().add("id", id).build());
  }

  /** A new secret; the old one signs beside it for {@code overlap}. Returns the new one, once. */
  @Transactional
  public String rotate(long id, Duration overlap) {
    Webhook w = find(id);
    String secret = Signatures.newSecret();
    w.rotate(secret, now().plus(overlap));
    outbox.record(
        "webhook.secret_rotated",
        "webhook",
        id,
        Jsons.object().add("id", id).add("overlapUntil", w.previousUntil().toString()).build());
    return secret;
  }

  /** Sends a {@code webhook.test} event now, signed as any other, and logs it. */
  public Tested test(long id) {
    Webhook w = find(id);
    OffsetDateTime now = now();
    String eventId = "evt_test_" + Long.toString(System.nanoTime(), 36);
    String body =
        Jsons.object()
            .add("id", eventId)
            .add("type", "webhook.test")
            .add("timestamp", now.toInstant().toString())
            .add("data", Jsons.object().add("webhook", id).add("message", "Parley says hello"))
            .build()
            .toString();
    WebhookSender.Outcome o =
        worker.sender().send(w.url(), eventId, now.toEpochSecond(), w.signingSecrets(now), body);
    return new Tested(self.logTest(id, eventId, body, o), o);
  }

  @Transactional
  public WebhookDelivery logTest(long id, String eventId, String body, WebhookSender.Outcome o) {
    OffsetDateTime now = now();
    WebhookDelivery d = new WebhookDelivery(id, eventId, "webhook.test", 0, body, now);
    if (o.success()) {
      d.delivered(o.status(), now);
    } else {
      d.attemptFailed(o.status(), o.error() != null ? o.error() : "HTTP " + o.status(), null, now);
    }
    em.persist(d);
    em.flush();
    em.persist(
        new WebhookAttempt(d.id(), id, 1, now, o.millis(), o.status(), o.response(), o.error()));
    return d;
  }

  /** An endpoint's deliveries, newest first, of a state (null: all). */
  @Transactional
  public List<WebhookDelivery> deliveries(long id, DeliveryState state, int limit) {
    find(id);
    return em.createQuery(
            "SELECT d FROM WebhookDelivery d WHERE d.webhookId = :w AND (:state IS NULL OR"
                + " d.state = :state) ORDER BY d.id DESC",
            WebhookDelivery.class)
        .setParameter("w", id)
        .setParameter("state", state)
        .setMaxResults(limit)
        .getResultList();
  }

  @Transactional
  public WebhookDelivery delivery(long id, long deliveryId) {
    WebhookDelivery d = em.find(WebhookDelivery.class, deliveryId);
    if (d == null || d.webhookId() != id) {
      throw new NotFound("No delivery " + deliveryId + " of webhook " + id);
    }
    return d;
  }

  @Transactional
  public List<WebhookAttempt> attempts(long id, long deliveryId) {
    delivery(id, deliveryId);
    return em.createQuery(
            "SELECT a FROM WebhookAttempt a WHERE a.deliveryId = :d ORDER BY a.attempt",
            WebhookAttempt.class)
        .setParameter("d", deliveryId)
        .getResultList();
  }

  /** Sends a delivery again (with the same event id), now. */
  @Transactional
  public WebhookDelivery redeliver(long id, long deliveryId) {
    WebhookDelivery d = delivery(id, deliveryId);
    d.redeliver(now());
    return d;
  }

  /**
   * Delivers again every event kept that happened in {@code [from, to)} and the endpoint takes, as
   * new deliveries with the events' own ids; returns how many.
   */
  @Transactional
  public int replay(long id, OffsetDateTime from, OffsetDateTime to) {
    Webhook w = find(id);
    if (!from.isBefore(to)) {
      throw (Invalid) new Invalid("Nothing to replay").field("to", "must be after from");
    }
    // only the types the endpoint takes count against the limit
    List<OutboxEvent> events = stream.between(from, to, w.eventTypes(), MAX_REPLAY + 1);
    if (events.size() > MAX_REPLAY) {
      throw (Invalid)
          new Invalid("Too many events to replay at once")
              .field(
                  "to", "the range holds more than " + MAX_REPLAY + " events: replay it in parts");
    }
    OffsetDateTime now = now();
    int replayed = 0;
    for (OutboxEvent e : events) {
      JsonObject event = EventStream.json(e, false);
      JsonObject data = event.getJsonObject("data");
      if (w.takes(e.type())
          && w.accepts(
              WebhookDispatcher.number(data, "inbox"), WebhookDispatcher.number(data, "team"))) {
        em.persist(
            new WebhookDelivery(
                id, EventStream.id(e), e.type(), e.position(), event.toString(), now));
        replayed++;
      }
    }
    return replayed;
  }
}
