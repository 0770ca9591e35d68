package dev.parley.triage.entity;

import dev.parley.platform.errors.Invalid;
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
 * What visitors write about, as admins define it: a name, a description, the team that takes it,
 * example utterances the classifier learns from, and whether only humans may answer it.
 */
@Entity
@Table(name = "topic")
public class Topic {

  public static final int MIN_EXAMPLES = 2;

  @Id
  @SequenceGenerator(name = "topic_seq", sequenceName = "topic_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "topic_seq")
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String description;

  /** The inbox whose conversations it applies to; null: every inbox. */
  @Column(name = "inbox_id")
  private Long inboxId;

  @Column(name = "team_id")
  private Long teamId;

  @Column(name = "human_only", nullable = false)
  private boolean humanOnly;

  /** Example utterances, one per line. */
  @Column(nullable = false)
  private String examples;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Version private long version;

  protected Topic() {}

  public Topic(
      Long inboxId,
      String name,
      String description,
      Long teamId,
      boolean humanOnly,
      Examples examples) {
    this.inboxId = inboxId;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    define(name, description, teamId, humanOnly, examples);
  }

  /** Replaces the definition; a topic needs a name and at least {@value #MIN_EXAMPLES} examples. */
  public void define(
      String name, String description, Long teamId, boolean humanOnly, Examples examples) {
    if (name == null || name.isBlank()) {
      throw new Invalid("A topic needs a name").field("name", "is required");
    }
    if (examples.kept().size() < MIN_EXAMPLES) {
      throw new Invalid("A topic needs examples")
          .field("examples", "at least " + MIN_EXAMPLES + " different example utterances");
    }
    this.name = name.strip();
    this.description = description == null ? "" : description.strip();
    this.teamId = teamId;
    this.humanOnly = humanOnly;
    this.examples = String.join("\n", examples.kept());
    this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public Long inboxId() {
    return inboxId;
  }

  /** Whether it applies to a conversation of the inbox. */
  public boolean appliesTo(long inbox) {
    return inboxId == null || inboxId == inbox;
  }

  public Long teamId() {
    return teamId;
  }

  public boolean humanOnly() {
    return humanOnly;
  }

  public List<String> examples() {
    return Arrays.asList(examples.split("\n"));
  }

  public long version() {
    return version;
  }
}
