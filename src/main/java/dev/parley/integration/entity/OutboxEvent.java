package dev.parley.integration.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A domain fact such as {@code user.created}, stored with the change that caused it. */
@Entity
@Table(name = "outbox_event")
@NamedQuery(
    name = OutboxEvent.OF_AGGREGATE,
    query =
        "SELECT e FROM OutboxEvent e WHERE e.aggregateType = :type AND e.aggregateId = :id ORDER BY"
            + " e.id")
public class OutboxEvent {

  public static final String OF_AGGREGATE = "OutboxEvent.ofAggregate";

  @Id
  @SequenceGenerator(
      name = "outbox_event_seq",
      sequenceName = "outbox_event_seq",
      allocationSize = 500)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_event_seq")
  private Long id;

  @Column(name = "event_type", nullable = false)
  private String type;

  @Column(name = "aggregate_type", nullable = false)
  private String aggregateType;

  @Column(name = "aggregate_id", nullable = false)
  private String aggregateId;

  @Column(nullable = false)
  private String payload;

  @Column(name = "occurred_at", nullable = false)
  private OffsetDateTime occurredAt;

  @Column(name = "published_at")
  private OffsetDateTime publishedAt;

  /** Its place in the event stream, given when relayed (null before). */
  @Column(name = "position")
  private Long position;

  protected OutboxEvent() {}

  public OutboxEvent(String type, String aggregateType, String aggregateId, String payload) {
    this.type = type;
    this.aggregateType = aggregateType;
    this.aggregateId = aggregateId;
    this.payload = payload;
    this.occurredAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public Long id() {
    return id;
  }

  public String type() {
    return type;
  }

  public String aggregateType() {
    return aggregateType;
  }

  public String aggregateId() {
    return aggregateId;
  }

  public String payload() {
    return payload;
  }

  public OffsetDateTime occurredAt() {
    return occurredAt;
  }

  public OffsetDateTime publishedAt() {
    return publishedAt;
  }

  /**
   * Whether a type pattern takes an event type: the type itself ({@code ticket.created}), its
   * family ({@code ticket.*}) or everything ({@code *}).
   */
  public static boolean typeMatches(String pattern, String type) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(type);
  }

  public Long position() {
    return position;
  }

  /** The relay gives it its place in the stream; an event is relayed once. */
  public void relayed(long position, OffsetDateTime at) {
    if (this.position != null) {
      throw new IllegalStateException("event " + id + " was relayed at " + this.position);
    }
    this.position = position;
    this.publishedAt = at;
  }
}
