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
import java.time.OffsetDateTime;

/** One saved version of an article, kept for its history. */
@Entity
@Table(name = "article_revision")
public class ArticleRevision {

  @Id
  @SequenceGenerator(
      name = "article_revision_seq",
      sequenceName = "article_revision_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "article_revision_seq")
  private Long id;

  @Column(name = "article_id", nullable = false)
  private long articleId;

  @Column(nullable = false)
  private int revision;

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

  @Column(name = "author_id")
  private Long authorId;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected ArticleRevision() {}

  /** A snapshot of the article as it is now. */
  public ArticleRevision(Article a) {
    this.articleId = a.id();
    this.revision = a.revision();
    this.title = a.title();
    this.body = a.body();
    this.collection = a.collection();
    this.language = a.language();
    this.status = a.status();
    this.tags = String.join(",", a.tags());
    this.authorId = a.authorId();
    this.createdAt = a.updatedAt();
  }

  public int revision() {
    return revision;
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

  public Long authorId() {
    return authorId;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
