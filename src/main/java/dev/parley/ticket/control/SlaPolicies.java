package dev.parley.ticket.control;

import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Team;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.json.Jsons;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.SlaPolicy;
import dev.parley.ticket.entity.SlaTerms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SLA policies per priority, and the terms a ticket's clocks count against: its priority's policy
 * and its team's business hours (around the clock without a team or hours).
 */
@ApplicationScoped
public class SlaPolicies {

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;

  @Inject
  @ConfigProperty(name = "parley.sla.warning-ratio", defaultValue = "0.75")
  double warningRatio;

  /** One policy per priority, in priority order; a priority without targets has an empty one. */
  @Transactional
  public List<SlaPolicy> all() {
    List<SlaPolicy> policies = new ArrayList<>();
    for (Priority p : Priority.values()) {
      SlaPolicy policy = em.find(SlaPolicy.class, p);
      policies.add(policy != null ? policy : new SlaPolicy(p));
    }
    return policies;
  }

  /**
   * Sets the targets of a priority (null: not measured). Tickets created or re-prioritized after
   * this count against it; running clocks keep the targets they started with.
   */
  @Transactional
  public SlaPolicy change(
      Priority priority, Duration firstResponse, Duration nextResponse, Duration resolution) {
    SlaPolicy policy = em.find(SlaPolicy.class, priority);
    if (policy == null) {
      policy = new SlaPolicy(priority);
      em.persist(policy);
    }
    policy.change(firstResponse, nextResponse, resolution);
    outbox.record(
        "sla_policy.updated",
        "sla_policy",
        priority.wire(),
        Jsons.object().add("priority", priority.wire()).build());
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return policy;
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public SlaTerms terms(Priority priority, Long teamId) {
    BusinessHours calendar = BusinessHours.ALWAYS;
    if (teamId != null) {
      Team team = em.find(Team.class, teamId);
      if (team != null) {
        calendar = team.calendar();
      }
    }
    return new SlaTerms(em.find(SlaPolicy.class, priority), calendar, warningRatio);
  }
}
