package dev.parley.ticket.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The SLA targets of one priority, in business time of the ticket's team calendar. A missing target
 * is not measured.
 */
@Entity
@Table(name = "sla_policy")
public class SlaPolicy {

  @Id
  @Enumerated(EnumType.STRING)
  private Priority priority;

  @Column(name = "first_response_seconds")
  private Long firstResponseSeconds;

  @Column(name = "next_response_seconds")
  private Long nextResponseSeconds;

  @Column(name = "resolution_seconds")
  private Long resolutionSeconds;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Version private long version;

  protected SlaPolicy() {}

  public SlaPolicy(Priority priority) {
    this.priority = priority;
    this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public void change(Duration firstResponse, Duration nextResponse, Duration resolution) {
    this.firstResponseSeconds = seconds(firstResponse);
    this.nextResponseSeconds = seconds(nextResponse);
    this.resolutionSeconds = seconds(resolution);
    this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static Long seconds(Duration d) {
    return d == null ? null : d.toSeconds();
  }

  public Optional<Duration> target(SlaMetric metric) {
    Long s =
        switch (metric) {
          case FIRST_RESPONSE -> firstResponseSeconds;
          case NEXT_RESPONSE -> nextResponseSeconds;
          case RESOLUTION -> resolutionSeconds;
        };
    return Optional.ofNullable(s).map(Duration::ofSeconds);
  }

  public Priority priority() {
    return priority;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }
}
