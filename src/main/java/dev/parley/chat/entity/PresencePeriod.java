package dev.parley.chat.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A period an agent spent in one presence status ({@code ONLINE}, {@code AWAY}, {@code OFFLINE}):
 * it starts when the status changes to it and ends when it changes again (open until then).
 */
@Entity
@Table(name = "presence_period")
public class PresencePeriod {

  @Id
  @SequenceGenerator(
      name = "presence_period_seq",
      sequenceName = "presence_period_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "presence_period_seq")
  private Long id;

  @Column(name = "agent_id", nullable = false)
  private long agentId;

  @Column(nullable = false, length = 10)
  private String status;

  @Column(name = "started_at", nullable = false)
  private OffsetDateTime startedAt;

  @Column(name = "ended_at")
  private OffsetDateTime endedAt;

  protected PresencePeriod() {}

  /** A period from {@code at} in {@code status} (online, away or offline). */
  public PresencePeriod(long agentId, String status, Instant at) {
    String upper = status.toUpperCase(Locale.ROOT);
    if (!upper.matches("ONLINE|AWAY|OFFLINE")) {
      throw new IllegalArgumentException("unknown presence status " + status);
    }
    this.agentId = agentId;
    this.status = upper;
    this.startedAt = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  public long agentId() {
    return agentId;
  }

  public String status() {
    return status.toLowerCase(Locale.ROOT);
  }

  public Instant startedAt() {
    return startedAt.toInstant();
  }
}
