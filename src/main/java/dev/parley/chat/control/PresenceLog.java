package dev.parley.chat.control;

import dev.parley.chat.entity.PresencePeriod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Agents' presence over time, for the reports' online time: each change of status ends the open
 * period and starts one in the new status. Written in a transaction of its own, so presence (which
 * is advisory) never fails the chat around it.
 */
@ApplicationScoped
public class PresenceLog {

  @PersistenceContext EntityManager em;

  /** The agent's status became {@code status} at {@code at}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void changed(long agentId, Presence.Status status, java.time.Instant at) {
    em.createNativeQuery(
            "UPDATE presence_period SET ended_at = ? WHERE agent_id = ? AND ended_at IS NULL")
        .setParameter(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .setParameter(2, agentId)
        .executeUpdate();
    em.persist(new PresencePeriod(agentId, status.wire(), at));
  }
}
