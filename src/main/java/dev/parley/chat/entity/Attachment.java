package dev.parley.chat.entity;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A file sent in a conversation. Its type is what Parley sniffed from the content, never what the
 * client claimed; the name is the client's, kept only for display and the download's file name.
 */
@Entity
@Table(name = "chat_attachment")
public class Attachment {

  @Id
  @SequenceGenerator(
      name = "chat_attachment_seq",
      sequenceName = "chat_attachment_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "chat_attachment_seq")
  private Long id;

  @Column(name = "conversation_id", nullable = false)
  private long conversationId;

  @Column(name = "file_name", nullable = false)
  private String fileName;

  @Column(name = "content_type", nullable = false)
  private String contentType;

  @Column(name = "size_bytes", nullable = false)
  private long size;

  @Column(nullable = false)
  private String sha256;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(nullable = false)
  private byte[] content;

  @Column(name = "uploaded_by", nullable = false)
  private String uploadedBy;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Attachment() {}

  public Attachment(
      long conversationId,
      String fileName,
      String contentType,
      byte[] content,
      String sha256,
      String uploadedBy) {
    this.conversationId = conversationId;
    this.fileName = fileName;
    this.contentType = contentType;
    this.content = content;
    this.size = content.length;
    this.sha256 = sha256;
    this.uploadedBy = uploadedBy;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /**
   * A file name safe to show and to offer for download: no path, no control characters, at most 200
   * characters; "file" when nothing is left.
   */
  public static String safeName(String name) {
    if (name == null) {
      return "file";
    }
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    base = base.replaceAll("[\\p{Cntrl}\"]", "").strip();
    if (base.length() > 200) {
      base = base.substring(base.length() - 200);
    }
    return base.isEmpty() || base.equals(".") || base.equals("..") ? "file" : base;
  }

  public Long id() {
    return id;
  }

  public long conversationId() {
    return conversationId;
  }

  public String fileName() {
    return fileName;
  }

  public String contentType() {
    return contentType;
  }

  public long size() {
    return size;
  }

  public String sha256() {
    return sha256;
  }

  public byte[] content() {
    return content;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
