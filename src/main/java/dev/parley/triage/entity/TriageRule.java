package dev.parley.triage.entity;

import dev.parley.platform.errors.Invalid;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An admin's explicit out-of-scope rule: used instead of the rule fitted to each topic set, for
 * admins who prefer to hand off more (or less) than the fitted thresholds do.
 */
@Entity
@Table(name = "triage_rule")
public class TriageRule {

  /** The only row. */
  public static final int ID = 1;

  @Id private int id;

  @Column(name = "min_probability", nullable = false)
  private double minProbability;

  @Column(name = "min_similarity", nullable = false)
  private double minSimilarity;

  @Column(name = "updated_by", nullable = false)
  private String updatedBy;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  protected TriageRule() {}

  public TriageRule(double minProbability, double minSimilarity, String by) {
    this.id = ID;
    set(minProbability, minSimilarity, by);
  }

  /** Both thresholds lie in [0, 1]. */
  public void set(double minProbability, double minSimilarity, String by) {
    Invalid invalid = new Invalid("Invalid out-of-scope rule");
    if (!(minProbability >= 0 && minProbability <= 1)) {
      invalid.field("minProbability", "between 0 and 1");
    }
    if (!(minSimilarity >= 0 && minSimilarity <= 1)) {
      invalid.field("minSimilarity", "between 0 and 1");
    }
    if (!invalid.fields().isEmpty()) {
      throw invalid;
    }
    this.minProbability = minProbability;
    this.minSimilarity = minSimilarity;
    this.updatedBy = by;
    this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public double minProbability() {
    return minProbability;
  }

  public double minSimilarity() {
    return minSimilarity;
  }

  public String updatedBy() {
    return updatedBy;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }
}
