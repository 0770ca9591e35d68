package dev.parley.platform.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Cluster-wide leases in the shared database: a job that must run on one node at a time (the SLA
 * watcher) runs only while its node holds the job's lease. A lease is taken when free or expired
 * and renewed by its holder; a node that dies loses it when it expires.
 */
@ApplicationScoped
public class Leases {

  @PersistenceContext EntityManager em;

  /**
   * Takes or renews the lease {@code name} for {@code holder} for {@code ttl}.
   *
   * @return whether {@code holder} holds the lease now
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean acquire(String name, String holder, Duration ttl) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    int updated =
        em.createNativeQuery(
                "UPDATE job_lease SET holder = ?1, expires_at = ?2 WHERE name = ?3 AND (holder = ?1"
                    + " OR expires_at < ?4)")
            .setParameter(1, holder)
            .setParameter(2, now.plus(ttl))
            .setParameter(3, name)
            .setParameter(4, now)
            .executeUpdate();
    if (updated == 1) {
      return true;
    }
    Number exists =
        (Number)
            em.createNativeQuery("SELECT COUNT(*) FROM job_lease WHERE name = ?1")
                .setParameter(1, name)
                .getSingleResult();
    if (exists.longValue() > 0) {
      return false;
    }
    try {
      em.createNativeQuery("INSERT INTO job_lease (name, holder, expires_at) VALUES (?1, ?2, ?3)")
          .setParameter(1, name)
          .setParameter(2, holder)
          .setParameter(3, now.plus(ttl))
          .executeUpdate();
      return true;
    } catch (RuntimeException raced) {
      // another node inserted it first; this transaction rolls back and the lease is theirs
      throw new LeaseTaken(name, raced);
    }
  }

  /** Gives the lease up (on shutdown), so another node can take it at once. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void release(String name, String holder) {
    em.createNativeQuery("DELETE FROM job_lease WHERE name = ?1 AND holder = ?2")
        .setParameter(1, name)
        .setParameter(2, holder)
        .executeUpdate();
  }

  /** Another node created the lease at the same moment. */
  public static class LeaseTaken extends RuntimeException {
    LeaseTaken(String name, Throwable cause) {
      super("lease " + name + " was taken by another node", cause);
    }
  }
}
