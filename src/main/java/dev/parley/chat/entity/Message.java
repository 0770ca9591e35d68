package dev.parley.chat.entity;

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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * One entry in a conversation, numbered by the conversation ({@code seq}). The text is stored as
 * the sender wrote it and escaped wherever it is rendered. A client id makes a retried send
 * idempotent.
 */
@Entity
@Table(name = "chat_message")
@NamedQuery(
    name = Message.BY_CLIENT_ID,
    query =
        "SELECT m FROM Message m WHERE m.conversationId = :conversation AND m.clientId = :clientId")
@NamedQuery(
    name = Message.BEFORE,
    query =
        "SELECT m FROM Message m WHERE m.conversationId = :conversation AND m.seq < :before ORDER"
            + " BY m.seq DESC")
@NamedQuery(
    name = Message.AFTER,
    query =
        "SELECT m FROM Message m WHERE m.conversationId = :conversation AND m.seq > :after ORDER BY"
            + " m.seq")
@NamedQuery(
    name = Message.PURGE_BEFORE,
    query = "DELETE FROM Message m WHERE m.conversationId = :conversation AND m.seq < :seq")
public class Message {

  public static final String BY_CLIENT_ID = "Message.byClientId";
  public static final String AFTER = "Message.after";
  public static final String BEFORE = "Message.before";
  public static final String PURGE_BEFORE = "Message.purgeBefore";

  /** Longest message text, in characters. */
  public static final int MAX_LENGTH = 10_000;

  @Id
  @SequenceGenerator(
      name = "chat_message_seq",
      sequenceName = "chat_message_seq",
      allocationSize = 500)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "chat_message_seq")
  private Long id;

  @Column(name = "conversation_id", nullable = false)
  private long conversationId;

  @Column(nullable = false)
  private long seq;

  @Column(name = "prev_public_seq", nullable = false)
  private long prevPublicSeq;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private MessageKind kind;

  @Column(name = "author_id")
  private Long authorId;

  @Column(name = "author_name")
  private String authorName;

  @Column(name = "client_id")
  private String clientId;

  @Column(nullable = false)
  private String body;

  @Column(name = "attachment_id")
  private Long attachmentId;

  /** The attachment's type, as sniffed from its bytes (e.g. {@code image/png}); or null. */
  @Column(name = "attachment_type")
  private String attachmentType;

  /** The articles a bot answer rests on, as a JSON array of {article, title, anchor}; or null. */
  private String sources;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Message() {}

  Message(
      long conversationId,
      long seq,
      long prevPublicSeq,
      MessageKind kind,
      Long authorId,
      String authorName,
      String clientId,
      String body,
      Long attachmentId) {
    this.conversationId = conversationId;
    this.seq = seq;
    this.prevPublicSeq = prevPublicSeq;
    this.kind = kind;
    this.authorId = authorId;
    this.authorName = authorName;
    this.clientId = clientId;
    this.body = body;
    this.attachmentId = attachmentId;
    // milliseconds: what clients show, and what both wire formats carry exactly
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  public Long id() {
    return id;
  }

  /** Records the type of the file this message announces. */
  public void attachedAs(String type) {
    if (attachmentId == null) {
      throw new IllegalStateException("message " + seq + " announces no file");
    }
    this.attachmentType = type;
  }

  /** The type of the file this message announces, if it announces one whose type is known. */
  public java.util.Optional<String> attachmentType() {
    return java.util.Optional.ofNullable(attachmentType);
  }

  /** Records the knowledge-base articles this (bot) message rests on. */
  public void cite(jakarta.json.JsonArray sources) {
    this.sources = sources.isEmpty() ? null : sources.toString();
  }

  /** The articles this message rests on, if any. */
  public java.util.Optional<jakarta.json.JsonArray> sources() {
    return java.util.Optional.ofNullable(sources).map(dev.parley.platform.json.Jsons::readArray);
  }

  public long conversationId() {
    return conversationId;
  }

  public long seq() {
    return seq;
  }

  /** The sequence number of the previous message a visitor may see (0: none). */
  public long prevPublicSeq() {
    return prevPublicSeq;
  }

  public MessageKind kind() {
    return kind;
  }

  public Long authorId() {
    return authorId;
  }

  public String authorName() {
    return authorName;
  }

  public String clientId() {
    return clientId;
  }

  public String body() {
    return body;
  }

  public Long attachmentId() {
    return attachmentId;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
