package dev.parley.ticket.entity;

import dev.parley.platform.errors.Invalid;
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

/** A public reply or an internal note on a ticket. Internal notes are for staff only. */
@Entity
@Table(name = "ticket_comment")
@NamedQuery(
    name = Comment.OF_TICKET,
    query = "SELECT c FROM Comment c WHERE c.ticketId = :ticket ORDER BY c.createdAt, c.id")
@NamedQuery(
    name = Comment.MOVE,
    query = "UPDATE Comment c SET c.ticketId = :target WHERE c.ticketId = :source")
public class Comment {

  public static final String OF_TICKET = "Comment.ofTicket";
  public static final String MOVE = "Comment.move";
  public static final int MAX_BODY = 65535;

  @Id
  @SequenceGenerator(
      name = "ticket_comment_seq",
      sequenceName = "ticket_comment_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_comment_seq")
  private Long id;

  @Column(name = "ticket_id", nullable = false)
  private long ticketId;

  @Enumerated(EnumType.STRING)
  @Column(name = "author_kind", nullable = false)
  private Actor.Kind authorKind;

  @Column(name = "author_id")
  private Long authorId;

  @Column(name = "author_name", nullable = false)
  private String authorName;

  @Column(nullable = false)
  private String body;

  @Column(name = "is_public", nullable = false)
  private boolean isPublic;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Comment() {}

  public Comment(long ticketId, Actor author, String body, boolean isPublic, Instant now) {
    if (body == null || body.isBlank() || body.length() > MAX_BODY) {
      throw new Invalid("body is required").field("body", "is required, 1 to 65535 characters");
    }
    if (author.kind() == Actor.Kind.CONTACT && !isPublic) {
      throw new Invalid("A requester's comment is public").field("public", "must be true");
    }
    this.ticketId = ticketId;
    this.authorKind = author.kind();
    this.authorId = author.id();
    this.authorName = author.name() == null ? "" : author.name();
    this.body = body;
    this.isPublic = isPublic;
    this.createdAt = now.atOffset(ZoneOffset.UTC);
  }

  public Long id() {
    return id;
  }

  public long ticketId() {
    return ticketId;
  }

  public Actor author() {
    return new Actor(authorKind, authorId, authorName);
  }

  public String body() {
    return body;
  }

  public boolean isPublic() {
    return isPublic;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
