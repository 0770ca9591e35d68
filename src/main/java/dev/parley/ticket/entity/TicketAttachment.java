package dev.parley.ticket.entity;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A file on a ticket: uploaded first, then attached to the comment that mentions it. Its type was
 * sniffed from the content, never taken from the uploader.
 */
@Entity
@Table(name = "ticket_attachment")
@NamedQuery(
    name = TicketAttachment.OF_TICKET,
    query = "SELECT a FROM TicketAttachment a WHERE a.ticketId = :ticket ORDER BY a.id")
@NamedQuery(
    name = TicketAttachment.MOVE,
    query = "UPDATE TicketAttachment a SET a.ticketId = :target WHERE a.ticketId = :source")
public class TicketAttachment {

  public static final String OF_TICKET = "TicketAttachment.ofTicket";
  public static final String MOVE = "TicketAttachment.move";

  @Id
  @SequenceGenerator(
      name = "ticket_attachment_seq",
      sequenceName = "ticket_attachment_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_attachment_seq")
  private Long id;

  @Column(name = "ticket_id", nullable = false)
  private long ticketId;

  @Column(name = "comment_id")
  private Long commentId;

  @Column(nullable = false)
  private String filename;

  @Column(name = "content_type", nullable = false)
  private String contentType;

  @Column(name = "size_bytes", nullable = false)
  private long size;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(nullable = false)
  private byte[] content;

  @Column(name = "uploaded_by", nullable = false)
  private String uploadedBy;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected TicketAttachment() {}

  public TicketAttachment(
      long ticketId, String filename, String contentType, byte[] content, String uploadedBy) {
    this.ticketId = ticketId;
    this.filename = filename;
    this.contentType = contentType;
    this.content = content;
    this.size = content.length;
    this.uploadedBy = uploadedBy;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** Attaches this upload to a comment; an upload belongs to one comment only. */
  public boolean attachTo(long commentId) {
    if (this.commentId != null) {
      return false;
    }
    this.commentId = commentId;
    return true;
  }

  public Long id() {
    return id;
  }

  public long ticketId() {
    return ticketId;
  }

  public Long commentId() {
    return commentId;
  }

  public String filename() {
    return filename;
  }

  public String contentType() {
    return contentType;
  }

  public long size() {
    return size;
  }

  public byte[] content() {
    return content;
  }

  public String uploadedBy() {
    return uploadedBy;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
