package dev.parley.chat.control;

import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Message;
import dev.parley.platform.config.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Message retention: the messages of conversations closed more than {@code
 * parley.chat.retention-days} ago are deleted (0, the default, keeps them forever). The
 * conversation remembers from which sequence number its history is kept, so a client resuming from
 * before it gets an explicit gap. Idempotent, so every node may run it; hourly.
 */
@ApplicationScoped
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class.getName());

  @PersistenceContext EntityManager em;
  @Resource ManagedScheduledExecutorService scheduler;
  @Inject Retention self;

  @Inject
  @ConfigProperty(name = "parley.chat.retention-days", defaultValue = "0")
  int retentionDays;

  private ScheduledFuture<?> job;

  void onStart(@Observes Startup.Started started) {
    if (retentionDays > 0) {
      job =
          scheduler.scheduleWithFixedDelay(
              () -> {
                try {
                  int purged =
                      self.purgeClosedBefore(
                          OffsetDateTime.now(ZoneOffset.UTC).minusDays(retentionDays));
                  if (purged > 0) {
                    LOG.log(
                        Level.INFO, "Retention: purged the messages of {0} conversations", purged);
                  }
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "Retention run failed: {0}", e.toString());
                }
              },
              5,
              60,
              TimeUnit.MINUTES);
    }
  }

  /** Deletes the messages of conversations closed before the cutoff; returns how many. */
  @Transactional
  public int purgeClosedBefore(OffsetDateTime cutoff) {
    List<Long> ids =
        em.createQuery(
                "SELECT c.id FROM Conversation c WHERE c.state ="
                    + " dev.parley.chat.entity.ConversationState.CLOSED AND c.closedAt < :cutoff AND"
                    + " c.firstRetainedSeq <= c.lastSeq",
                Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(500)
            .getResultList();
    for (long id : ids) {
      Conversation c = em.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE);
      em.createNamedQuery(Message.PURGE_BEFORE)
          .setParameter("conversation", id)
          .setParameter("seq", c.lastSeq() + 1)
          .executeUpdate();
      c.retainFrom(c.lastSeq() + 1);
    }
    return ids.size();
  }

  @PreDestroy
  void stop() {
    if (job != null) {
      job.cancel(false);
    }
  }
}
