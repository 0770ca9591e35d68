package dev.parley.integration.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One attempt of a delivery, as the delivery log shows it. Written once. */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttempt {

  /** What the log keeps of a response body. */
  public static final int RESPONSE_BYTES = 1024;

  @Id
  @SequenceGenerator(
      name = "webhook_attempt_seq",
      sequenceName = "webhook_attempt_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_attempt_seq")
  private Long id;

  @Column(name = "delivery_id", nullable = false)
  private long deliveryId;

  @Column(name = "webhook_id", nullable = false)
  private long webhookId;

  @Column(nullable = false)
  private int attempt;

  @Column(name = "attempted_at", nullable = false)
  private OffsetDateTime attemptedAt;

  @Column(name = "duration_ms", nullable = false)
  private long durationMs;

  private Integer status;

  @Column(length = RESPONSE_BYTES)
  private String response;

  @Column(length = 500)
  private String error;

  protected WebhookAttempt() {}

  public WebhookAttempt(
      long deliveryId,
      long webhookId,
      int attempt,
      OffsetDateTime attemptedAt,
      long durationMs,
      Integer status,
      String response,
      String error) {
    this.deliveryId = deliveryId;
    this.webhookId = webhookId;
    this.attempt = attempt;
    this.attemptedAt = attemptedAt;
    this.durationMs = durationMs;
    this.status = status;
    this.response =
        response == null || response.length() <= RESPONSE_BYTES
            ? response
            : response.substring(0, RESPONSE_BYTES);
    this.error = error == null || error.length() <= 500 ? error : error.substring(0, 500);
  }

  public Long id() {
    return id;
  }

  public long deliveryId() {
    return deliveryId;
  }

  public int attempt() {
    return attempt;
  }

  public OffsetDateTime attemptedAt() {
    return attemptedAt;
  }

  public long durationMs() {
    return durationMs;
  }

  public Integer status() {
    return status;
  }

  public String response() {
    return response;
  }

  public String error() {
    return error;
  }
}
