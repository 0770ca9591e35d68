package dev.parley.assist.entity;

import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
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
import java.time.ZoneOffset;

/**
 * One AI output with everything that produced it — the decision trail an admin opens: the prompt's
 * name and version, the model, the passages retrieved, what the guardrails dropped, latency and
 * tokens — and, for a suggestion, what the agent did with it.
 */
@Entity
@Table(name = "ai_decision")
public class AiDecision {

  @Id
  @SequenceGenerator(
      name = "ai_decision_seq",
      sequenceName = "ai_decision_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ai_decision_seq")
  private Long id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private DecisionKind kind;

  @Column(name = "conversation_id", nullable = false)
  private long conversationId;

  @Column(name = "message_seq")
  private Long messageSeq;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private DecisionSource source;

  @Column(nullable = false)
  private String text;

  /** The cited sources, as JSON. */
  @Column(nullable = false)
  private String citations;

  /** Every passage retrieved for the prompt, with scores, as JSON. */
  @Column(nullable = false)
  private String retrieved;

  @Column(name = "prompt_name")
  private String promptName;

  @Column(name = "prompt_version")
  private String promptVersion;

  private String model;

  @Column(name = "latency_ms", nullable = false)
  private long latencyMs;

  @Column(name = "prompt_tokens", nullable = false)
  private int promptTokens;

  @Column(name = "completion_tokens", nullable = false)
  private int completionTokens;

  /** Why the guardrails dropped other outputs of the same call, if any. */
  private String dropped;

  @Enumerated(EnumType.STRING)
  private Outcome outcome;

  @Column(name = "edit_distance")
  private Integer editDistance;

  private Integer rating;

  @Column(name = "decided_by")
  private Long decidedBy;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "decided_at")
  private OffsetDateTime decidedAt;

  protected AiDecision() {}

  public AiDecision(
      DecisionKind kind,
      long conversationId,
      Long messageSeq,
      DecisionSource source,
      String text,
      String citations,
      String retrieved,
      String promptName,
      String promptVersion,
      String model,
      long latencyMs,
      int promptTokens,
      int completionTokens,
      String dropped) {
    this.kind = kind;
    this.conversationId = conversationId;
    this.messageSeq = messageSeq;
    this.source = source;
    this.text = text;
    this.citations = citations;
    this.retrieved = retrieved;
    this.promptName = promptName;
    this.promptVersion = promptVersion;
    this.model = model;
    this.latencyMs = latencyMs;
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.dropped =
        dropped == null || dropped.length() <= 2000 ? dropped : dropped.substring(0, 2000);
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /**
   * Records what the agent did: sent as suggested, sent after editing (the final text gives the
   * edit distance) or dismissed. A suggestion is decided once; a rating may come with it or later.
   */
  public void decide(Outcome outcome, String sentText, long agentId) {
    if (kind != DecisionKind.REPLY) {
      throw new Conflict("Only reply suggestions take an outcome");
    }
    if (this.outcome != null) {
      throw new Conflict("This suggestion was already " + this.outcome.wire())
          .field("outcome", this.outcome.wire());
    }
    if (outcome == Outcome.DISMISSED) {
      this.editDistance = null;
    } else {
      if (sentText == null || sentText.isBlank()) {
        throw new Invalid("The sent text is required").field("text", "what the agent sent");
      }
      // sent with or without the citation marks ([S1]) the suggestion showed
      int distance =
          Math.min(
              editDistance(text, sentText), editDistance(withoutCitationMarks(text), sentText));
      outcome = distance == 0 ? Outcome.SENT : Outcome.SENT_EDITED;
      this.editDistance = distance;
    }
    this.outcome = outcome;
    this.decidedBy = agentId;
    this.decidedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static final java.util.regex.Pattern CITATION_MARK =
      java.util.regex.Pattern.compile("\\s*\\[S\\d{1,3}]");

  /** A suggestion's text as a visitor reads it: without its citation marks ({@code [S1]}). */
  public static String withoutCitationMarks(String text) {
    return text == null ? null : CITATION_MARK.matcher(text).replaceAll("").strip();
  }

  /** Thumbs up (+1) or down (-1). */
  public void rate(int rating) {
    if (rating != 1 && rating != -1) {
      throw new Invalid("A rating is 1 (thumbs up) or -1 (thumbs down)").field("rating", "1 or -1");
    }
    this.rating = rating;
  }

  /** Levenshtein distance in characters, two rows of memory. */
  public static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  public Long id() {
    return id;
  }

  public DecisionKind kind() {
    return kind;
  }

  public long conversationId() {
    return conversationId;
  }

  public Long messageSeq() {
    return messageSeq;
  }

  public DecisionSource source() {
    return source;
  }

  public String text() {
    return text;
  }

  public String citations() {
    return citations;
  }

  public String retrieved() {
    return retrieved;
  }

  public String promptName() {
    return promptName;
  }

  public String promptVersion() {
    return promptVersion;
  }

  public String model() {
    return model;
  }

  public long latencyMs() {
    return latencyMs;
  }

  public int promptTokens() {
    return promptTokens;
  }

  public int completionTokens() {
    return completionTokens;
  }

  public String dropped() {
    return dropped;
  }

  public Outcome outcome() {
    return outcome;
  }

  public Integer editDistance() {
    return editDistance;
  }

  public Integer rating() {
    return rating;
  }

  public Long decidedBy() {
    return decidedBy;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime decidedAt() {
    return decidedAt;
  }
}
