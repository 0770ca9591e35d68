package dev.parley.integration.control;

import dev.parley.integration.entity.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Writes domain events in the caller's transaction; there is no way to write one outside it. */
@ApplicationScoped
public class Outbox {

  @PersistenceContext EntityManager em;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String type, String aggregateType, Object aggregateId, JsonObject payload) {
    em.persist(
        new OutboxEvent(type, aggregateType, String.valueOf(aggregateId), payload.toString()));
  }

  @Transactional
  public List<OutboxEvent> of(String aggregateType, Object aggregateId) {
    return em.createNamedQuery(OutboxEvent.OF_AGGREGATE, OutboxEvent.class)
        .setParameter("type", aggregateType)
        .setParameter("id", String.valueOf(aggregateId))
        .getResultList();
  }
}
