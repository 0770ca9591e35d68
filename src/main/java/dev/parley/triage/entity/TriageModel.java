package dev.parley.triage.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The trained model of a topic set and the state of its training, shared by every node. A topic
 * change {@link #request requests} a generation; one node at a time {@link #claim claims} the
 * training of the latest requested generation, reports its progress, and {@link #store stores} the
 * result; a request that arrives meanwhile makes the trainer go round again. Until then, classify
 * uses the model already stored.
 */
@Entity
@Table(name = "triage_model")
public class TriageModel {

  /** Where training stands. */
  public enum State {
    /** A generation is requested and nobody trains it yet. */
    QUEUED,
    /** A node is training (its heartbeat says it is alive). */
    TRAINING,
    /** The latest requested generation is trained and stored. */
    READY,
    /** The set has no topics any more. */
    EMPTY,
    /** The last training failed (the previous model, if any, stays in use). */
    FAILED
  }

  /** The set of every inbox's topics (topics without an inbox). */
  public static final long GLOBAL = 0;

  /** How long a trainer may be silent before another node may take over. */
  public static final Duration STALE = Duration.ofMinutes(2);

  @Id
  @Column(name = "topic_set")
  private long topicSet;

  @Column(nullable = false)
  private long requested;

  @Column(nullable = false)
  private long trained;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private State state;

  private String phase;

  @Column(nullable = false)
  private int done;

  @Column(nullable = false)
  private int total;

  private String trainer;

  private OffsetDateTime heartbeat;

  @Column(name = "started_at")
  private OffsetDateTime startedAt;

  @Column(name = "trained_at")
  private OffsetDateTime trainedAt;

  private String fingerprint;

  @Lob private byte[] model;

  /** What training found (JSON, see {@code GET /api/v1/topics/model}). */
  private String report;

  private String error;

  @Version private long version;

  protected TriageModel() {}

  public TriageModel(long topicSet) {
    this.topicSet = topicSet;
    this.state = State.QUEUED;
  }

  /** Asks for a new generation; returns it. */
  public long request() {
    requested++;
    if (state != State.TRAINING) {
      state = State.QUEUED;
      phase = null;
      done = 0;
      total = 0;
    }
    return requested;
  }

  /**
   * Takes the training of the latest requested generation for {@code node}, unless another node is
   * training and alive; returns the generation to train, or -1.
   */
  public long claim(String node, OffsetDateTime now) {
    if (state == State.TRAINING
        && !node.equals(trainer)
        && heartbeat != null
        && heartbeat.isAfter(now.minus(STALE))) {
      return -1;
    }
    if (trained == requested && (state == State.READY || state == State.EMPTY)) {
      return -1; // nothing new to train
    }
    state = State.TRAINING;
    trainer = node;
    heartbeat = now;
    startedAt = now;
    phase = "queued";
    done = 0;
    total = 0;
    error = null;
    return requested;
  }

  /** The trainer's progress (and heartbeat). */
  public void progress(String node, String phase, int done, int total, OffsetDateTime now) {
    if (state == State.TRAINING && node.equals(trainer)) {
      this.phase = phase;
      this.done = done;
      this.total = total;
      this.heartbeat = now;
    }
  }

  /**
   * Stores the model of {@code generation} (null: the set is empty); returns whether a newer
   * generation was requested meanwhile (the trainer goes round again).
   */
  public boolean store(
      String node, long generation, byte[] model, String report, String fingerprint) {
    if (!node.equals(trainer)) {
      return false; // another node took over (we were silent too long): its result wins
    }
    this.trained = generation;
    this.model = model;
    this.report = report;
    this.fingerprint = fingerprint;
    this.trainedAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.phase = null;
    this.error = null;
    if (requested > generation) {
      this.state = State.QUEUED;
      return true;
    }
    this.state = model == null ? State.EMPTY : State.READY;
    this.trainer = null;
    return false;
  }

  /** Training failed; the stored model (if any) stays. */
  public void failed(String node, String reason) {
    if (node.equals(trainer)) {
      this.state = State.FAILED;
      this.error = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
      this.phase = null;
      this.trainer = null;
    }
  }

  public long topicSet() {
    return topicSet;
  }

  public long requested() {
    return requested;
  }

  public long trained() {
    return trained;
  }

  public State state() {
    return state;
  }

  public String phase() {
    return phase;
  }

  public int done() {
    return done;
  }

  public int total() {
    return total;
  }

  public OffsetDateTime heartbeat() {
    return heartbeat;
  }

  public OffsetDateTime startedAt() {
    return startedAt;
  }

  public OffsetDateTime trainedAt() {
    return trainedAt;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public byte[] model() {
    return model;
  }

  public String report() {
    return report;
  }

  public String error() {
    return error;
  }
}
