package dev.parley.integration.control;

import dev.parley.identity.entity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The readers of the event stream over REST, where Parley knows them: each API token or user that
 * reads {@code GET /events}, with the types it asks for, how far it has read (the cursor it was
 * last given), when and how often. Recorded as they read, apart from the read itself: a failure
 * here never fails a read.
 */
@ApplicationScoped
public class EventConsumers {

  /** A reader and how far it is. */
  public record Consumer(
      String key,
      String kind,
      String name,
      String types,
      long position,
      Instant readAt,
      long reads) {}

  @PersistenceContext EntityManager em;

  /** {@code caller} was given the events up to {@code position} (the cursor to read on from). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void read(Caller caller, List<String> types, long position) {
    String key =
        (caller.kind() == Caller.Kind.API_TOKEN
            ? "api_token:" + caller.credentialId()
            : "user:" + caller.id());
    String kind = caller.kind() == Caller.Kind.API_TOKEN ? "api_token" : "user";
    String name = caller.name() == null ? key : caller.name();
    name = name.length() > 200 ? name.substring(0, 200) : name;
    String filter = types.isEmpty() ? "*" : String.join(",", types);
    filter = filter.length() > 2000 ? filter.substring(0, 2000) : filter;
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    int updated =
        em.createNativeQuery(
                "UPDATE event_consumer SET name = ?, types = ?, position = ?, read_at = ?,"
                    + " reads = reads + 1 WHERE consumer_key = ?")
            .setParameter(1, name)
            .setParameter(2, filter)
            .setParameter(3, position)
            .setParameter(4, now)
            .setParameter(5, key)
            .executeUpdate();
    if (updated == 0) {
      em.createNativeQuery(
              "INSERT INTO event_consumer (consumer_key, kind, name, types, position, read_at,"
                  + " reads) VALUES (?, ?, ?, ?, ?, ?, 1)")
          .setParameter(1, key)
          .setParameter(2, kind)
          .setParameter(3, name)
          .setParameter(4, filter)
          .setParameter(5, position)
          .setParameter(6, now)
          .executeUpdate();
    }
  }

  /** Every reader, most recent first. */
  @Transactional
  public List<Consumer> all() {
    List<Consumer> consumers = new ArrayList<>();
    for (Object row :
        em.createNativeQuery(
                "SELECT consumer_key, kind, name, types, position, read_at, reads FROM event_consumer"
                    + " ORDER BY read_at DESC")
            .setMaxResults(500)
            .getResultList()) {
      Object[] r = (Object[]) row;
      consumers.add(
          new Consumer(
              (String) r[0],
              (String) r[1],
              (String) r[2],
              (String) r[3],
              ((Number) r[4]).longValue(),
              instant(r[5]),
              ((Number) r[6]).longValue()));
    }
    return consumers;
  }

  private static Instant instant(Object value) {
    if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.ZonedDateTime t) {
      return t.toInstant();
    }
    if (value instanceof Instant t) {
      return t;
    }
    throw new IllegalStateException("unexpected timestamp " + value);
  }
}
