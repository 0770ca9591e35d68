package dev.parley.integration.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/**
 * One event on its way to one endpoint. Its rules: it is attempted only while pending; a success
 * delivers it, a failure schedules the next attempt or, after the last, fails it (dead letter); a
 * failed or delivered one can be sent again by an admin (a redelivery keeps the event's id).
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

  @Id
  @SequenceGenerator(
      name = "webhook_delivery_seq",
      sequenceName = "webhook_delivery_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_delivery_seq")
  private Long id;

  @Column(name = "webhook_id", nullable = false)
  private long webhookId;

  @Column(name = "event_id", nullable = false)
  private String eventId;

  @Column(name = "event_type", nullable = false)
  private String eventType;

  @Column(name = "event_position", nullable = false)
  private long eventPosition;

  @Column(nullable = false)
  private String body;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private DeliveryState state;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at")
  private OffsetDateTime nextAttemptAt;

  @Column(name = "last_status")
  private Integer lastStatus;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "finished_at")
  private OffsetDateTime finishedAt;

  @Version private long version;

  protected WebhookDelivery() {}

  public WebhookDelivery(
      long webhookId,
      String eventId,
      String eventType,
      long eventPosition,
      String body,
      OffsetDateTime at) {
    this.webhookId = webhookId;
    this.eventId = eventId;
    this.eventType = eventType;
    this.eventPosition = eventPosition;
    this.body = body;
    this.state = DeliveryState.PENDING;
    this.createdAt = at;
    this.nextAttemptAt = at;
  }

  private void requirePending() {
    if (state != DeliveryState.PENDING) {
      throw new IllegalStateException("delivery " + id + " is " + state.wire());
    }
  }

  /** The endpoint answered 2xx. */
  public void delivered(int status, OffsetDateTime at) {
    requirePending();
    attempts++;
    lastStatus = status;
    lastError = null;
    state = DeliveryState.DELIVERED;
    nextAttemptAt = null;
    finishedAt = at;
  }

  /** An attempt failed; the next is due at {@code next}, or never (null): the delivery failed. */
  public void attemptFailed(Integer status, String error, OffsetDateTime next, OffsetDateTime at) {
    requirePending();
    attempts++;
    lastStatus = status;
    lastError = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
    if (next == null) {
      state = DeliveryState.FAILED;
      nextAttemptAt = null;
      finishedAt = at;
    } else {
      nextAttemptAt = next;
    }
  }

  /** Given up without another attempt (the endpoint was disabled, or is gone). */
  public void abandon(String why, OffsetDateTime at) {
    requirePending();
    lastError = why;
    state = DeliveryState.FAILED;
    nextAttemptAt = null;
    finishedAt = at;
  }

  /** An admin sends it again: pending, due now, its attempts counted on. */
  public void redeliver(OffsetDateTime at) {
    if (state == DeliveryState.PENDING) {
      nextAttemptAt = at;
      return;
    }
    state = DeliveryState.PENDING;
    nextAttemptAt = at;
    finishedAt = null;
  }

  public Long id() {
    return id;
  }

  public long webhookId() {
    return webhookId;
  }

  public String eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  public long eventPosition() {
    return eventPosition;
  }

  public String body() {
    return body;
  }

  public DeliveryState state() {
    return state;
  }

  public int attempts() {
    return attempts;
  }

  public OffsetDateTime nextAttemptAt() {
    return nextAttemptAt;
  }

  public Integer lastStatus() {
    return lastStatus;
  }

  public String lastError() {
    return lastError;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime finishedAt() {
    return finishedAt;
  }
}
