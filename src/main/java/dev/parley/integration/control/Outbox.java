package dev.parley.integration.control;

import dev.parley.integration.entity.OutboxEvent;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.List;

/** Writes domain events in the caller's transaction; there is no way to write one outside it. */
@ApplicationScoped
public class Outbox {

  private static final Object WAKE_RELAY = new Object();

  @PersistenceContext EntityManager em;
  @Resource TransactionSynchronizationRegistry transaction;
  @Inject Broker broker;
  @Inject EventRelay relay;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String type, String aggregateType, Object aggregateId, JsonObject payload) {
    em.persist(
        new OutboxEvent(type, aggregateType, String.valueOf(aggregateId), payload.toString()));
    if (transaction.getResource(WAKE_RELAY) == null) { // once per transaction
      transaction.putResource(WAKE_RELAY, Boolean.TRUE);
      broker.afterCommit(relay::wake); // the relay need not wait for its next look
    }
  }

  @Transactional
  public List<OutboxEvent> of(String aggregateType, Object aggregateId) {
    return em.createNamedQuery(OutboxEvent.OF_AGGREGATE, OutboxEvent.class)
        .setParameter("type", aggregateType)
        .setParameter("id", String.valueOf(aggregateId))
        .getResultList();
  }
}
