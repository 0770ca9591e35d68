package dev.parley.knowledge.entity;

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
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** A knowledge-base entry. */
@Entity
@Table(name = "article")
public class Article {

  @Id
  @SequenceGenerator(name = "article_seq", sequenceName = "article_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "article_seq")
  private Long id;

  @Column(nullable = false)
  private String slug;

  @Column(nullable = false)
  private String title;

  @Column(nullable = false)
  private String body;

  @Column(nullable = false)
  private String collection;

  @Column(nullable = false)
  private String language;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ArticleStatus status;

  @Column(nullable = false)
  private String tags;

  @Column(name = "source_path")
  private String sourcePath;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Column(name = "author_id")
  private Long authorId;

  @Column(nullable = false)
  private int revision = 1;

  @Column(name = "source_type", nullable = false)
  private String sourceType = "markdown";

  @Enumerated(EnumType.STRING)
  @Column(name = "ingest_state", nullable = false)
  private IngestState ingestState = IngestState.PENDING;

  @Column(name = "ingest_done", nullable = false)
  private int ingestDone;

  @Column(name = "ingest_total", nullable = false)
  private int ingestTotal;

  @Column(name = "ingest_error")
  private String ingestError;

  @Column(name = "ingested_revision", nullable = false)
  private int ingestedRevision;

  @Column(name = "ingest_attempts", nullable = false)
  private int ingestAttempts;

  @Version private long version;

  protected Article() {}

  public Article(
      String slug,
      String title,
      String body,
      String collection,
      String language,
      ArticleStatus status,
      List<String> tags,
      String sourcePath) {
    this.slug = slug;
    this.title = title;
    this.body = body;
    this.collection = collection;
    this.language = language;
    this.status = status;
    this.tags = String.join(",", tags);
    this.sourcePath = sourcePath;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.updatedAt = createdAt;
  }

  /** Records who wrote it and from what kind of source (markdown, html, text, pdf, docx). */
  public Article by(Long authorId, String sourceType) {
    this.authorId = authorId;
    this.sourceType = sourceType;
    return this;
  }

  /**
   * Replaces the content as a new revision; returns whether anything changed. Only a change of what
   * is retrieved (title, body, collection, language, status) asks for ingestion.
   */
  public boolean revise(
      String title,
      String body,
      String collection,
      String language,
      ArticleStatus status,
      List<String> tags,
      Long authorId) {
    boolean changed =
        !this.title.equals(title)
            || !this.body.equals(body)
            || !this.collection.equals(collection)
            || !this.language.equals(language)
            || this.status != status
            || !tags().equals(tags);
    if (!changed) {
      return false;
    }
    this.title = title;
    this.body = body;
    this.collection = collection;
    this.language = language;
    this.status = status;
    this.tags = String.join(",", tags);
    this.authorId = authorId;
    this.revision++;
    this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.ingestState = IngestState.PENDING;
    this.ingestError = null;
    this.ingestAttempts = 0;
    return true;
  }

  /** Ingestion of the current revision starts with this many chunks to embed. */
  public void ingesting(int total) {
    this.ingestState = IngestState.RUNNING;
    this.ingestDone = 0;
    this.ingestTotal = total;
    this.ingestAttempts++;
  }

  public void progressed(int done) {
    this.ingestDone = Math.min(done, ingestTotal);
  }

  /** The chunks of {@code revision} are stored and searchable. */
  public void ingested(int revision) {
    this.ingestedRevision = revision;
    if (revision == this.revision) {
      this.ingestState = IngestState.READY;
      this.ingestDone = ingestTotal;
      this.ingestError = null;
    }
  }

  public void ingestionFailed(String error) {
    this.ingestState = IngestState.FAILED;
    this.ingestError = error.length() > 1000 ? error.substring(0, 1000) : error;
  }

  /** Asks for ingestion again (the embedding model changed, or an admin retries). */
  public void reingest() {
    this.ingestState = IngestState.PENDING;
    this.ingestError = null;
    this.ingestAttempts = 0;
  }

  public long version() {
    return version;
  }

  public Long authorId() {
    return authorId;
  }

  public int revision() {
    return revision;
  }

  public String sourceType() {
    return sourceType;
  }

  public IngestState ingestState() {
    return ingestState;
  }

  public int ingestDone() {
    return ingestDone;
  }

  public int ingestTotal() {
    return ingestTotal;
  }

  public String ingestError() {
    return ingestError;
  }

  public int ingestedRevision() {
    return ingestedRevision;
  }

  public int ingestAttempts() {
    return ingestAttempts;
  }

  public Long id() {
    return id;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String body() {
    return body;
  }

  public String collection() {
    return collection;
  }

  public String language() {
    return language;
  }

  public ArticleStatus status() {
    return status;
  }

  public List<String> tags() {
    return tags.isBlank() ? List.of() : Arrays.asList(tags.split(","));
  }

  public String sourcePath() {
    return sourcePath;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }
}
