package dev.parley.integration.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * A webhook endpoint: a URL that receives the events of some types (optionally of one inbox or
 * team), signed with its secret (Standard Webhooks). Its rules: a rotated secret keeps signing
 * beside the new one until the overlap ends; an endpoint that failed for too long, or answered 410
 * Gone, is disabled with the reason, and enabling it again starts from where it stopped.
 */
@Entity
@Table(name = "webhook")
public class Webhook {

  @Id
  @SequenceGenerator(name = "webhook_seq", sequenceName = "webhook_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_seq")
  private Long id;

  @Column(nullable = false, length = 2000)
  private String url;

  @Column(length = 500)
  private String description;

  @Column(name = "event_types", nullable = false, length = 2000)
  private String eventTypes;

  @Column(name = "inbox_id")
  private Long inboxId;

  @Column(name = "team_id")
  private Long teamId;

  @Column(nullable = false)
  private boolean enabled;

  @Column(nullable = false)
  private String secret;

  @Column(name = "previous_secret")
  private String previousSecret;

  @Column(name = "previous_until")
  private OffsetDateTime previousUntil;

  @Column(name = "cursor_position", nullable = false)
  private long cursorPosition;

  @Column(name = "failing_since")
  private OffsetDateTime failingSince;

  @Column(name = "disabled_reason")
  private String disabledReason;

  @Column(name = "claimed_by")
  private String claimedBy;

  @Column(name = "claimed_until")
  private OffsetDateTime claimedUntil;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Version private long version;

  protected Webhook() {}

  public Webhook(
      String url,
      String description,
      List<String> eventTypes,
      Long inboxId,
      Long teamId,
      String secret,
      long cursorPosition) {
    this.url = url;
    this.description = description;
    this.eventTypes = String.join(",", eventTypes);
    this.inboxId = inboxId;
    this.teamId = teamId;
    this.secret = secret;
    this.cursorPosition = cursorPosition;
    this.enabled = true;
    this.createdAt = now();
    this.updatedAt = createdAt;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  public void change(
      String url, String description, List<String> eventTypes, Long inboxId, Long teamId) {
    this.url = url;
    this.description = description;
    this.eventTypes = String.join(",", eventTypes);
    this.inboxId = inboxId;
    this.teamId = teamId;
    this.updatedAt = now();
  }

  /** A new secret; the old one keeps signing beside it until {@code overlapUntil}. */
  public void rotate(String newSecret, OffsetDateTime overlapUntil) {
    this.previousSecret = secret;
    this.previousUntil = overlapUntil;
    this.secret = newSecret;
    this.updatedAt = now();
  }

  /** The secrets that sign now: the current one, and the previous one during an overlap. */
  public List<String> signingSecrets(OffsetDateTime at) {
    return previousSecret != null && previousUntil != null && at.isBefore(previousUntil)
        ? List.of(secret, previousSecret)
        : List.of(secret);
  }

  public void enable() {
    this.enabled = true;
    this.disabledReason = null;
    this.failingSince = null;
    this.updatedAt = now();
  }

  public void disable(String reason) {
    this.enabled = false;
    this.disabledReason = reason;
    this.updatedAt = now();
  }

  /** A delivery failed: the endpoint is failing since the first of an unbroken run of failures. */
  // The runtime state (the fan-out cursor, when failing began, the worker's claim) is written by
  // bulk updates in WebhookDispatcher and WebhookWorker, never through this entity: it is not an
  // edit and must not bump the version an admin's change is checked against.

  /** Whether this endpoint takes events of a type (its patterns: a type, {@code x.*} or *). */
  public boolean takes(String type) {
    return Arrays.stream(eventTypes.split(","))
        .anyMatch(p -> OutboxEvent.typeMatches(p.strip(), type));
  }

  /**
   * Whether an event's data passes the inbox and team filters: an event that names another inbox or
   * team is left out; one that names none (a user, an article) passes.
   */
  public boolean accepts(Long eventInbox, Long eventTeam) {
    return (inboxId == null || eventInbox == null || inboxId.equals(eventInbox))
        && (teamId == null || eventTeam == null || teamId.equals(eventTeam));
  }

  public Long id() {
    return id;
  }

  public String url() {
    return url;
  }

  public String description() {
    return description;
  }

  public List<String> eventTypes() {
    return List.of(eventTypes.split(","));
  }

  public Long inboxId() {
    return inboxId;
  }

  public Long teamId() {
    return teamId;
  }

  public boolean enabled() {
    return enabled;
  }

  public String secret() {
    return secret;
  }

  public OffsetDateTime previousUntil() {
    return previousUntil;
  }

  public long cursorPosition() {
    return cursorPosition;
  }

  public OffsetDateTime failingSince() {
    return failingSince;
  }

  public String disabledReason() {
    return disabledReason;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }

  public long version() {
    return version;
  }
}
