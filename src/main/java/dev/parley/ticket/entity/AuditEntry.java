package dev.parley.ticket.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One line of a ticket's audit trail: who changed which field when, from what to what. */
@Entity
@Table(name = "ticket_audit")
@NamedQuery(
    name = AuditEntry.OF_TICKET,
    query = "SELECT a FROM AuditEntry a WHERE a.ticketId = :ticket ORDER BY a.id")
public class AuditEntry {

  public static final String OF_TICKET = "AuditEntry.ofTicket";
  private static final int MAX_VALUE = 4000;

  @Id
  @SequenceGenerator(
      name = "ticket_audit_seq",
      sequenceName = "ticket_audit_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_audit_seq")
  private Long id;

  @Column(name = "ticket_id", nullable = false)
  private long ticketId;

  @Column(nullable = false)
  private OffsetDateTime at;

  @Enumerated(EnumType.STRING)
  @Column(name = "actor_kind", nullable = false)
  private Actor.Kind actorKind;

  @Column(name = "actor_id")
  private Long actorId;

  @Column(name = "actor_name", nullable = false)
  private String actorName;

  @Column(nullable = false)
  private String field;

  @Column(name = "old_value")
  private String oldValue;

  @Column(name = "new_value")
  private String newValue;

  protected AuditEntry() {}

  public AuditEntry(long ticketId, Actor actor, FieldChange change, Instant at) {
    this.ticketId = ticketId;
    this.at = at.atOffset(ZoneOffset.UTC);
    this.actorKind = actor.kind();
    this.actorId = actor.id();
    this.actorName = actor.name() == null ? "" : actor.name();
    this.field = change.field();
    this.oldValue = clip(change.from());
    this.newValue = clip(change.to());
  }

  private static String clip(String value) {
    return value == null || value.length() <= MAX_VALUE
        ? value
        : value.substring(0, MAX_VALUE - 1) + "…";
  }

  public Long id() {
    return id;
  }

  public OffsetDateTime at() {
    return at;
  }

  public Actor actor() {
    return new Actor(actorKind, actorId, actorName);
  }

  public String field() {
    return field;
  }

  public String oldValue() {
    return oldValue;
  }

  public String newValue() {
    return newValue;
  }
}
