package dev.parley.ticket.entity;

import dev.parley.identity.entity.BusinessHours;
import java.time.Duration;
import java.util.Optional;

/**
 * What a ticket's SLA clocks count against: its priority's policy (null: none), its team's calendar
 * and the share of a target after which a warning is raised.
 */
public record SlaTerms(SlaPolicy policy, BusinessHours calendar, double warningRatio) {

  public Optional<Duration> target(SlaMetric metric) {
    return policy == null ? Optional.empty() : policy.target(metric);
  }
}
