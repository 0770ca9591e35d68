package dev.parley.integration.control;

import dev.parley.integration.entity.OutboxEvent;
import dev.parley.platform.config.Startup;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.messaging.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The event stream as readers see it: relayed events in position order, from a cursor (the last
 * position read), filtered by type, waiting for the next ones when there are none yet. A reader
 * never sees a gap: positions are given in the relay's transaction, all of a batch at once.
 *
 * <p>An event is {@code {id, type, position, timestamp, aggregate: {type, id}, data}}; its id
 * ({@code evt_…}) is stable (the webhook id of its deliveries), its data what the change recorded.
 * The text of private notes is shown only to readers who may read notes.
 */
@ApplicationScoped
public class EventStream {

  /** What a page holds: the events, and the cursor to read on from. */
  public record Page(List<OutboxEvent> events, long next) {}

  /** The cursor is older than the oldest event kept: the reader missed events that are gone. */
  public static class Expired extends RuntimeException {
    private final long oldest;

    public Expired(long oldest) {
      super("events before position " + oldest + " are no longer kept");
      this.oldest = oldest;
    }

    public long oldest() {
      return oldest;
    }
  }

  @PersistenceContext EntityManager em;
  @Inject Broker broker;

  private final Object signal = new Object();
  private volatile long relays; // how many relays this node heard of: waiting readers look again

  void onStart(@Observes Startup.Started started) {
    // another node relayed (or this one: the topic carries every event): wake waiting readers
    broker.subscribe(EventRelay.TOPIC, text -> relayed());
  }

  /** A relay on this node committed {@code count} events' positions (a CDI event, after commit). */
  public record Relayed(int count) {}

  /** New events are readable (the relay committed). */
  void relayed() {
    synchronized (signal) {
      relays++;
      signal.notifyAll();
    }
  }

  /**
   * The events after {@code after} (0: from the oldest kept) of the given types, at most {@code
   * limit}; with none yet, waits up to {@code waitMillis} for some. Throws {@link Expired} when
   * events after the cursor were pruned.
   */
  public Page read(long after, List<String> types, int limit, long waitMillis) {
    long deadline = System.currentTimeMillis() + waitMillis;
    long from = after;
    while (true) {
      long seen = relays;
      Page page = self().page(from, types, limit);
      if (!page.events().isEmpty()) {
        return page;
      }
      long before = from;
      from = page.next(); // events of other types went by: wait on from after them
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return page;
      }
      if (from > before) {
        continue; // there may be more right away
      }
      synchronized (signal) {
        if (relays == seen) {
          try {
            signal.wait(Math.min(left, 1_000)); // and look again at least every second
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return page;
          }
        }
      }
    }
  }

  @Inject EventStream proxy;

  private EventStream self() {
    return proxy;
  }

  /** The position of the last event relayed (0: none yet). */
  @Transactional
  public long latest() {
    Long last =
        em.createQuery("SELECT MAX(e.position) FROM OutboxEvent e", Long.class).getSingleResult();
    return last == null ? 0 : last;
  }

  @Transactional
  public Page page(long after, List<String> types, int limit) {
    if (after > 0) {
      Long oldest =
          em.createQuery("SELECT MIN(e.position) FROM OutboxEvent e", Long.class).getSingleResult();
      if (oldest != null && after < oldest - 1) {
        throw new Expired(oldest);
      }
    }
    // Read up to what is relayed now: when fewer than `limit` events of the types asked for lie
    // beyond the cursor, the cursor moves past all of them, however many of other types there are.
    Long latest =
        em.createQuery("SELECT MAX(e.position) FROM OutboxEvent e", Long.class).getSingleResult();
    if (latest == null || latest <= after) {
      return new Page(List.of(), after);
    }
    var query =
        typed(
                "SELECT e FROM OutboxEvent e WHERE e.position > :after AND e.position <= :latest",
                types)
            .setParameter("after", after)
            .setParameter("latest", latest)
            .setMaxResults(limit);
    List<OutboxEvent> found = query.getResultList();
    List<OutboxEvent> matching = of(types, found);
    long next = found.size() == limit ? found.get(found.size() - 1).position() : latest;
    return new Page(matching, next);
  }

  /**
   * The relayed events of the given types that occurred in [from, to), oldest first, at most {@code
   * most}.
   */
  @Transactional
  public List<OutboxEvent> between(
      java.time.OffsetDateTime from, java.time.OffsetDateTime to, List<String> types, int most) {
    return of(
        types,
        typed(
                "SELECT e FROM OutboxEvent e WHERE e.position IS NOT NULL AND e.occurredAt >="
                    + " :from AND e.occurredAt < :to",
                types)
            .setParameter("from", from)
            .setParameter("to", to)
            .setMaxResults(most)
            .getResultList());
  }

  /**
   * A query for events of some types (none or {@code *}: all), in stream order: the database
   * narrows by type with LIKE, which may take a little more ({@code _} matches any character);
   * {@link #of} keeps the exact ones.
   */
  private jakarta.persistence.TypedQuery<OutboxEvent> typed(String select, List<String> types) {
    boolean all = types.isEmpty() || types.contains("*");
    StringBuilder jpql = new StringBuilder(select);
    if (!all) {
      jpql.append(" AND (");
      for (int i = 0; i < types.size(); i++) {
        jpql.append(i == 0 ? "" : " OR ").append("e.type LIKE :t").append(i);
      }
      jpql.append(")");
    }
    var query = em.createQuery(jpql.append(" ORDER BY e.position").toString(), OutboxEvent.class);
    for (int i = 0; !all && i < types.size(); i++) {
      String t = types.get(i);
      query.setParameter("t" + i, t.endsWith(".*") ? t.substring(0, t.length() - 1) + "%" : t);
    }
    return query;
  }

  private static List<OutboxEvent> of(List<String> types, List<OutboxEvent> events) {
    if (types.isEmpty() || types.contains("*")) {
      return events;
    }
    return events.stream().filter(e -> types.stream().anyMatch(t -> matches(t, e.type()))).toList();
  }

  /** Whether a type pattern ({@code ticket.created}, {@code ticket.*}, {@code *}) takes a type. */
  public static boolean matches(String pattern, String type) {
    return OutboxEvent.typeMatches(pattern, type);
  }

  /** A type pattern: a type ({@code ticket.created}), a family ({@code ticket.*}) or {@code *}. */
  public static final Pattern TYPE_PATTERN =
      Pattern.compile("\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)*(\\.\\*)?");

  /** The stable id of an event: the webhook id of its deliveries. */
  public static String id(OutboxEvent e) {
    return "evt_" + e.id();
  }

  /** An event as published and served. */
  public static JsonObject json(OutboxEvent e) {
    return json(e, true);
  }

  /** An event as a reader sees it: a private note's text only for those who may read notes. */
  public static JsonObject json(OutboxEvent e, boolean mayReadNotes) {
    JsonObject data = Jsons.read(e.payload());
    if (!mayReadNotes && "note".equals(data.getString("kind", null)) && data.containsKey("text")) {
      JsonObjectBuilder redacted = Jsons.object();
      data.forEach((k, v) -> redacted.add(k, k.equals("text") ? jakarta.json.JsonValue.NULL : v));
      data = redacted.add("redacted", true).build();
    }
    JsonObjectBuilder o =
        Jsons.object()
            .add("id", id(e))
            .add("type", e.type())
            .add(
                "timestamp",
                DateTimeFormatter.ISO_INSTANT.format(
                    e.occurredAt().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
            .add(
                "aggregate",
                Jsons.object().add("type", e.aggregateType()).add("id", e.aggregateId()))
            .add("data", data);
    if (e.position() != null) {
      o.add("position", e.position());
    }
    return o.build();
  }
}
