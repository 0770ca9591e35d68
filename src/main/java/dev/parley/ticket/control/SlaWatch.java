package dev.parley.ticket.control;

import dev.parley.platform.cluster.Leases;
import dev.parley.platform.config.Startup;
import dev.parley.platform.messaging.Broker;
import dev.parley.platform.persistence.IdempotencyKeys;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Raises SLA warnings and breaches on time, with or without requests in flight: every {@code
 * parley.sla.check-interval-seconds} it looks for clocks whose warning or due time has come (an
 * indexed {@code next_check_at}) and checks each ticket in its own transaction. In a cluster one
 * node runs it at a time: the holder of the {@code sla-watch} lease ({@link Leases}); when that
 * node dies, another takes the lease over once it expires. Every ten minutes it also closes tickets
 * solved more than {@code parley.tickets.close-solved-after-days} ago (4; 0 never) and forgets
 * idempotency keys older than {@code parley.api.idempotency-hours}.
 */
@ApplicationScoped
public class SlaWatch {

  private static final Logger LOG = Logger.getLogger(SlaWatch.class.getName());
  static final String LEASE = "sla-watch";

  @PersistenceContext EntityManager em;
  @Resource ManagedScheduledExecutorService scheduler;
  @Inject Leases leases;
  @Inject Tickets tickets;
  @Inject Broker broker;
  @Inject IdempotencyKeys idempotency;
  @Inject SlaWatch self;

  @Inject
  @ConfigProperty(name = "parley.sla.check-interval-seconds", defaultValue = "15")
  int intervalSeconds;

  @Inject
  @ConfigProperty(name = "parley.api.idempotency-hours", defaultValue = "24")
  int idempotencyHours;

  @Inject
  @ConfigProperty(name = "parley.tickets.close-solved-after-days", defaultValue = "4")
  int closeSolvedAfterDays;

  private ScheduledFuture<?> job;
  private volatile boolean leader;
  private volatile Instant lastHousekeeping = Instant.EPOCH;

  void onStart(@Observes Startup.Started started) {
    job =
        scheduler.scheduleWithFixedDelay(
            this::tick, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  void tick() {
    try {
      boolean holds =
          leases.acquire(
              LEASE, broker.node(), Duration.ofSeconds(Math.max(30, 3L * intervalSeconds)));
      if (holds != leader) {
        LOG.log(Level.INFO, "SLA watcher {0} on this node", holds ? "runs" : "no longer runs");
        leader = holds;
      }
      if (!holds) {
        return;
      }
      int checked = run(Instant.now());
      if (checked > 0) {
        LOG.log(Level.FINE, "SLA watcher checked {0} tickets", checked);
      }
      if (Duration.between(lastHousekeeping, Instant.now()).toMinutes() >= 10) {
        lastHousekeeping = Instant.now();
        idempotency.forgetBefore(OffsetDateTime.now(ZoneOffset.UTC).minusHours(idempotencyHours));
        if (closeSolvedAfterDays > 0) {
          closeSolvedBefore(Instant.now().minus(Duration.ofDays(closeSolvedAfterDays)));
        }
      }
    } catch (Leases.LeaseTaken taken) {
      leader = false;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "SLA watcher run failed: {0}", e.toString());
    }
  }

  /** Checks every ticket with a warning or breach due at {@code now}; returns how many. */
  public int run(Instant now) {
    int total = 0;
    // bounded: a ticket whose check keeps failing stays due and must not spin this loop
    for (int page = 0; page < 50; page++) {
      List<Long> due = self.due(now, 200);
      for (long id : due) {
        try {
          tickets.checkSla(id, now);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "SLA check of ticket {0} failed: {1}", new Object[] {id, e});
        }
      }
      total += due.size();
      if (due.size() < 200) {
        break;
      }
    }
    return total;
  }

  /** Closes every ticket solved before {@code cutoff}, each in its own transaction. */
  public int closeSolvedBefore(Instant cutoff) {
    int total = 0;
    for (int page = 0; page < 50; page++) {
      List<Long> solved = self.solvedBefore(cutoff, 200);
      Instant now = Instant.now();
      for (long id : solved) {
        try {
          tickets.closeSolved(id, now);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Closing solved ticket {0} failed: {1}", new Object[] {id, e});
        }
      }
      total += solved.size();
      if (solved.size() < 200) {
        break;
      }
    }
    return total;
  }

  @Transactional
  public List<Long> solvedBefore(Instant cutoff, int limit) {
    return em.createQuery(
            "SELECT t.id FROM Ticket t WHERE t.status ="
                + " dev.parley.ticket.entity.TicketStatus.SOLVED AND t.solvedAt < :cutoff ORDER BY"
                + " t.id",
            Long.class)
        .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC))
        .setMaxResults(limit)
        .getResultList();
  }

  @Transactional
  public List<Long> due(Instant now, int limit) {
    @SuppressWarnings("unchecked")
    List<Number> ids =
        em.createNativeQuery(
                "SELECT DISTINCT ticket_id FROM ticket_sla WHERE next_check_at <= ?1 ORDER BY"
                    + " ticket_id")
            .setParameter(1, now.atOffset(ZoneOffset.UTC))
            .setMaxResults(limit)
            .getResultList();
    return ids.stream().map(Number::longValue).toList();
  }

  public boolean leader() {
    return leader;
  }

  @PreDestroy
  void stop() {
    if (job != null) {
      job.cancel(false);
    }
    if (leader) {
      try {
        leases.release(LEASE, broker.node());
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not release the SLA lease: {0}", e.toString());
      }
    }
  }
}
