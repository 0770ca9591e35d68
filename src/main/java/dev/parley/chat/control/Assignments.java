package dev.parley.chat.control;

import dev.parley.chat.entity.AssignmentPolicy;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Inbox;
import dev.parley.platform.cache.Caches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the agent for a conversation waiting in an inbox: among the online agents of the inbox's
 * teams (or of the team it was transferred to) with free capacity, the next in turn (round robin)
 * or the least loaded. Capacity is per agent ({@code agent_capacity}), else the default.
 */
@ApplicationScoped
public class Assignments {

  @PersistenceContext EntityManager em;
  @Inject Presence presence;
  @Inject Caches caches;

  @Inject
  @ConfigProperty(name = "parley.chat.agent-capacity", defaultValue = "5")
  int defaultCapacity;

  /** An agent who can take the conversation now, if any. Runs in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Long> choose(Conversation conversation, Inbox inbox) {
    if (inbox.assignment() == AssignmentPolicy.MANUAL) {
      return Optional.empty();
    }
    Set<Long> teams =
        conversation.teamId() != null ? Set.of(conversation.teamId()) : inbox.teamIds();
    Set<Long> online = presence.online(agentsOf(teams));
    if (online.isEmpty()) {
      return Optional.empty();
    }
    Map<Long, Long> load = load(online);
    Map<Long, Integer> capacity = capacities(online);
    List<Long> free =
        online.stream()
            .filter(a -> load.getOrDefault(a, 0L) < capacity.getOrDefault(a, defaultCapacity))
            .sorted()
            .toList();
    if (free.isEmpty()) {
      return Optional.empty();
    }
    if (inbox.assignment() == AssignmentPolicy.LEAST_LOAD) {
      return free.stream()
          .min(
              Comparator.comparingLong((Long a) -> load.getOrDefault(a, 0L)).thenComparing(a -> a));
    }
    String turnKey = "rr:" + inbox.id();
    String last = caches.<String, String>cache(Caches.PRESENCE).get(turnKey);
    long after = last == null ? Long.MIN_VALUE : Long.parseLong(last);
    Long next = free.stream().filter(a -> a > after).findFirst().orElse(free.get(0));
    caches.<String, String>cache(Caches.PRESENCE).put(turnKey, Long.toString(next));
    return Optional.of(next);
  }

  /** Whether an agent has room for one more conversation. */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean hasCapacity(long agentId) {
    return load(Set.of(agentId)).getOrDefault(agentId, 0L)
        < capacities(Set.of(agentId)).getOrDefault(agentId, defaultCapacity);
  }

  Set<Long> agentsOf(Set<Long> teams) {
    if (teams.isEmpty()) {
      return Set.of();
    }
    return new TreeSet<>(
        em.createQuery(
                "SELECT DISTINCT u.id FROM User u JOIN u.teams t WHERE t.id IN :teams AND u.active ="
                    + " TRUE",
                Long.class)
            .setParameter("teams", teams)
            .getResultList());
  }

  private Map<Long, Long> load(Set<Long> agents) {
    Map<Long, Long> load = new HashMap<>();
    for (Object[] row :
        em.createNamedQuery(Conversation.OPEN_LOAD, Object[].class)
            .setParameter("agents", agents)
            .getResultList()) {
      load.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
    return load;
  }

  private Map<Long, Integer> capacities(Set<Long> agents) {
    return em
        .createQuery(
            "SELECT c.userId, c.capacity FROM AgentCapacity c WHERE c.userId IN :agents",
            Object[].class)
        .setParameter("agents", agents)
        .getResultList()
        .stream()
        .collect(
            Collectors.toMap(r -> ((Number) r[0]).longValue(), r -> ((Number) r[1]).intValue()));
  }

  /** Sets an agent's capacity (how many open conversations they take at once). */
  @Transactional
  public void setCapacity(long agentId, int capacity) {
    dev.parley.chat.entity.AgentCapacity existing =
        em.find(dev.parley.chat.entity.AgentCapacity.class, agentId);
    if (existing == null) {
      em.persist(new dev.parley.chat.entity.AgentCapacity(agentId, capacity));
    } else {
      existing.change(capacity);
    }
  }

  @Transactional
  public int capacityOf(long agentId) {
    return Optional.ofNullable(em.find(dev.parley.chat.entity.AgentCapacity.class, agentId))
        .map(dev.parley.chat.entity.AgentCapacity::capacity)
        .orElse(defaultCapacity);
  }
}
