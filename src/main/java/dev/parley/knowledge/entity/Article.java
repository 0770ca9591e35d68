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
