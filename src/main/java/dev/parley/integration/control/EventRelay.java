package dev.parley.integration.control;

import dev.parley.integration.entity.OutboxEvent;
import dev.parley.platform.cluster.LeasedLoop;
import dev.parley.platform.cluster.Leases;
import dev.parley.platform.config.Startup;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Moves committed outbox events into the event stream: it gives each its position in one global
 * order and publishes it, persistent, on the Artemis topic {@value #TOPIC} (durable subscriptions
 * possible), with the event id as Artemis's duplicate-detection id. At least once: a batch is sent
 * to the broker before the positions commit, so a relay killed mid-batch leaves its events
 * unrelayed and sends them again (the broker drops the copies). On a cluster one node relays at a
 * time, the holder of the {@value #LEASE} lease; positions are unique in the database, so even two
 * relays overlapping at a lease's end cannot give two events one place. Relayed events are kept
 * {@code parley.events.retention-days} (7) and then pruned.
 */
@ApplicationScoped
public class EventRelay {

  private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());

  public static final String TOPIC = "parley.events";
  static final String LEASE = "event-relay";
  private static final Duration LEASE_TTL = Duration.ofSeconds(10);

  @Resource ManagedScheduledExecutorService scheduler;
  @PersistenceContext EntityManager em;
  @Inject Leases leases;
  @Inject Broker broker;
  @Inject EventStream stream;
  @Inject EventRelay self;
  @Inject Event<EventStream.Relayed> relayedEvents;

  @Inject
  @ConfigProperty(name = "parley.events.relay-interval-ms", defaultValue = "100")
  long interval;

  @Inject
  @ConfigProperty(name = "parley.events.relay-batch", defaultValue = "500")
  int batch;

  @Inject
  @ConfigProperty(name = "parley.events.retention-days", defaultValue = "7")
  int retentionDays;

  /** The next position to give while this node holds the lease (null: read it again). */
  private volatile Long next;

  private volatile long nextPrune;
  private LeasedLoop loop;

  void onStart(@Observes Startup.Started started) {
    loop =
        new LeasedLoop(
            LEASE,
            LEASE_TTL,
            leases,
            broker.node(),
            scheduler,
            new LeasedLoop.Work() {
              @Override
              public void run() {
                relay();
              }

              @Override
              public void lost() {
                next = null;
              }
            });
    loop.start(Duration.ofSeconds(1), Duration.ofMillis(interval));
  }

  @PreDestroy
  void stop() {
    if (loop != null) {
      loop.stop();
    }
  }

  /** Relays at once (events were committed on this node), if this node is the relay. */
  public void wake() {
    if (loop != null) {
      loop.wake();
    }
  }

  private void relay() {
    try {
      if (next == null) {
        next = self.lastPosition() + 1;
      }
      long began = System.nanoTime();
      int relayed;
      do {
        relayed = self.relayBatch();
      } while (relayed == batch && System.nanoTime() - began < LEASE_TTL.toNanos() / 2);
      if (System.currentTimeMillis() >= nextPrune) {
        nextPrune = System.currentTimeMillis() + 3_600_000;
        int pruned = self.prune();
        if (pruned > 0) {
          LOG.log(
              Level.INFO,
              "Pruned {0} events older than {1} days",
              new Object[] {pruned, retentionDays});
        }
      }
    } catch (RuntimeException e) {
      next = null; // a batch that failed gave no positions: read the last one again
      throw e;
    }
  }

  @Transactional
  public long lastPosition() {
    Long last =
        em.createQuery("SELECT MAX(e.position) FROM OutboxEvent e", Long.class).getSingleResult();
    return last == null ? 0 : last;
  }

  /**
   * Relays one batch of committed, unrelayed events, oldest first: positions, then the broker, then
   * commit. Returns how many.
   */
  @Transactional
  public int relayBatch() {
    List<OutboxEvent> pending =
        em.createQuery(
                "SELECT e FROM OutboxEvent e WHERE e.position IS NULL ORDER BY e.id",
                OutboxEvent.class)
            .setMaxResults(batch) // no row lock: one relay at a time, and positions are unique
            .getResultList();
    if (pending.isEmpty()) {
      return 0;
    }
    em.clear(); // the positions are written below in one JDBC batch, not entity by entity
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    long position = next;
    List<Broker.Durable> messages = new ArrayList<>(pending.size());
    try (PreparedStatement update =
        em.unwrap(Connection.class)
            .prepareStatement(
                "UPDATE outbox_event SET position = ?, published_at = ? WHERE id = ?")) {
      for (OutboxEvent e : pending) {
        e.relayed(position++, now);
        messages.add(new Broker.Durable(EventStream.json(e).toString(), EventStream.id(e)));
        update.setLong(1, e.position());
        update.setObject(2, now);
        update.setLong(3, e.id());
        update.addBatch();
      }
      update
          .executeBatch(); // a position taken by an overlapping relay fails here, before the broker
    } catch (SQLException failed) {
      throw new IllegalStateException("Giving events their positions failed", failed);
    }
    broker.publishDurably(TOPIC, messages);
    long following = position;
    int count = pending.size();
    broker.afterCommit(
        () -> {
          next = following;
          stream.relayed();
          relayedEvents.fire(new EventStream.Relayed(count));
        });
    return pending.size();
  }

  /** Deletes relayed events past the retention period; returns how many. */
  @Transactional
  public int prune() {
    return em.createQuery(
            "DELETE FROM OutboxEvent e WHERE e.position IS NOT NULL AND e.occurredAt < :before")
        .setParameter("before", OffsetDateTime.now(ZoneOffset.UTC).minusDays(retentionDays))
        .executeUpdate();
  }
}
