package dev.parley.assist.control;

import dev.parley.assist.entity.AiDecision;
import dev.parley.assist.entity.DecisionKind;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageKind;
import dev.parley.platform.errors.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Stored AI decisions, and the reads of a conversation the AI features need. */
@ApplicationScoped
public class Decisions {

  @PersistenceContext EntityManager em;

  /** The recent turns a model may see: visitor, agent and bot messages, oldest first. */
  @Transactional
  public List<Grounding.Turn> recentTurns(long conversationId, int limit) {
    List<Message> newest =
        em.createQuery(
                "SELECT m FROM Message m WHERE m.conversationId = :c AND m.kind IN :kinds ORDER"
                    + " BY m.seq DESC",
                Message.class)
            .setParameter("c", conversationId)
            .setParameter("kinds", List.of(MessageKind.VISITOR, MessageKind.AGENT, MessageKind.BOT))
            .setMaxResults(limit)
            .getResultList();
    List<Grounding.Turn> turns = new ArrayList<>();
    for (Message m : newest) {
      turns.add(new Grounding.Turn(m.kind().wire(), m.body()));
    }
    Collections.reverse(turns);
    return turns;
  }

  @Transactional
  public Conversation conversation(long id) {
    Conversation c = em.find(Conversation.class, id);
    if (c == null) {
      throw new NotFound("No conversation " + id);
    }
    return c;
  }

  @Transactional
  public List<AiDecision> record(List<AiDecision> decisions) {
    decisions.forEach(em::persist);
    return decisions;
  }

  @Transactional
  public AiDecision find(long id) {
    AiDecision d = em.find(AiDecision.class, id);
    if (d == null) {
      throw new NotFound("No AI decision " + id);
    }
    return d;
  }

  @Transactional
  public List<AiDecision> of(long conversationId) {
    return em.createQuery(
            "SELECT d FROM AiDecision d WHERE d.conversationId = :c ORDER BY d.id",
            AiDecision.class)
        .setParameter("c", conversationId)
        .getResultList();
  }

  /** Suggestion outcomes over all time: how often agents send, edit or dismiss. */
  @Transactional
  public List<Object[]> outcomes() {
    return em.createQuery(
            "SELECT d.outcome, COUNT(d), AVG(d.editDistance) FROM AiDecision d WHERE d.kind = :k"
                + " GROUP BY d.outcome",
            Object[].class)
        .setParameter("k", DecisionKind.REPLY)
        .getResultList();
  }
}
