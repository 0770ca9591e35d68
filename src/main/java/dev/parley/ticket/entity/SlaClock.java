package dev.parley.ticket.entity;

import dev.parley.identity.entity.BusinessHours;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One SLA target of a ticket as a clock counting business time. Immutable: every change returns a
 * new clock, which the ticket puts in place of the old one. {@code nextCheckAt} is when the SLA
 * watcher must look at it next (its warning or its breach); null when nothing is pending.
 */
@Embeddable
public class SlaClock {

  /** What happened to a clock that the world must hear of. */
  public enum Alert {
    WARNING,
    BREACH
  }

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private SlaMetric metric;

  @Column(name = "target_seconds", nullable = false)
  private long targetSeconds;

  @Column(name = "used_seconds", nullable = false)
  private long usedSeconds;

  @Column(name = "running_since")
  private OffsetDateTime runningSince;

  @Column(name = "due_at")
  private OffsetDateTime dueAt;

  @Column(name = "warn_at")
  private OffsetDateTime warnAt;

  @Column(name = "achieved_at")
  private OffsetDateTime achievedAt;

  @Column(nullable = false)
  private boolean warned;

  @Column(nullable = false)
  private boolean breached;

  /** When the target was missed: the moment it was due (known to reports after a pause too). */
  @Column(name = "breached_at")
  private OffsetDateTime breachedAt;

  @Column(name = "next_check_at")
  private OffsetDateTime nextCheckAt;

  protected SlaClock() {}

  private SlaClock(SlaClock o) {
    metric = o.metric;
    targetSeconds = o.targetSeconds;
    usedSeconds = o.usedSeconds;
    runningSince = o.runningSince;
    dueAt = o.dueAt;
    warnAt = o.warnAt;
    achievedAt = o.achievedAt;
    warned = o.warned;
    breached = o.breached;
    breachedAt = o.breachedAt;
    nextCheckAt = o.nextCheckAt;
  }

  /** A new clock, running from {@code now} unless {@code paused}. */
  public static SlaClock start(
      SlaMetric metric,
      Duration target,
      boolean paused,
      Instant now,
      BusinessHours calendar,
      double warningRatio) {
    SlaClock c = new SlaClock();
    c.metric = metric;
    c.targetSeconds = target.toSeconds();
    return paused ? c : c.resume(now, calendar, warningRatio);
  }

  /** Stops counting, keeping the business time used so far. */
  public SlaClock pause(Instant now, BusinessHours calendar) {
    if (runningSince == null) {
      return this;
    }
    SlaClock c = new SlaClock(this);
    c.usedSeconds += calendar.between(runningSince.toInstant(), now).toSeconds();
    c.runningSince = null;
    c.dueAt = null;
    c.warnAt = null;
    c.nextCheckAt = null;
    return c;
  }

  /** Counts again from {@code now}; the due time is what is left of the target, in open time. */
  public SlaClock resume(Instant now, BusinessHours calendar, double warningRatio) {
    if (runningSince != null || achievedAt != null) {
      return this;
    }
    SlaClock c = new SlaClock(this);
    c.runningSince = utc(now);
    Duration left = Duration.ofSeconds(Math.max(0, targetSeconds - usedSeconds));
    c.dueAt = utc(calendar.plus(now, left));
    long warnSeconds = Math.max(0, (long) (targetSeconds * warningRatio) - usedSeconds);
    c.warnAt = warned ? null : utc(calendar.plus(now, Duration.ofSeconds(warnSeconds)));
    c.nextCheckAt = c.pending();
    return c;
  }

  /** The target was met (or missed) now; a late achievement counts as a breach. */
  public SlaClock achieve(Instant now, BusinessHours calendar) {
    if (achievedAt != null) {
      return this;
    }
    SlaClock c = pause(now, calendar);
    c = c == this ? new SlaClock(this) : c;
    c.achievedAt = utc(now);
    if (c.usedSeconds > c.targetSeconds && !c.breached) {
      c.breached = true;
      c.breachedAt = dueAt != null ? dueAt : utc(now);
    }
    c.nextCheckAt = null;
    return c;
  }

  /** A reopened ticket: the achieved clock counts on from the time it had used. */
  public SlaClock reopen(Instant now, BusinessHours calendar, double warningRatio) {
    if (achievedAt == null) {
      return resume(now, calendar, warningRatio);
    }
    SlaClock c = new SlaClock(this);
    c.achievedAt = null;
    return c.resume(now, calendar, warningRatio);
  }

  /** The same clock with another target (a priority change), keeping the time used. */
  public SlaClock retarget(
      Duration target, Instant now, BusinessHours calendar, double warningRatio) {
    boolean running = isRunning();
    SlaClock c = new SlaClock(pause(now, calendar));
    c.targetSeconds = target.toSeconds();
    return running ? c.resume(now, calendar, warningRatio) : c;
  }

  /** Marks the warning and the breach that are due at {@code now}. */
  public SlaClock check(Instant now) {
    if (!isRunning()) {
      return this;
    }
    SlaClock c = new SlaClock(this);
    if (!c.warned && c.warnAt != null && !now.isBefore(c.warnAt.toInstant())) {
      c.warned = true;
      c.warnAt = null;
    }
    if (!c.breached && !now.isBefore(c.dueAt.toInstant())) {
      c.breached = true;
      c.breachedAt = c.dueAt;
      c.warned = true;
      c.warnAt = null;
    }
    c.nextCheckAt = c.pending();
    return c;
  }

  private OffsetDateTime pending() {
    if (runningSince == null || breached) {
      return null;
    }
    return !warned && warnAt != null && warnAt.isBefore(dueAt) ? warnAt : dueAt;
  }

  /** What this clock newly raised compared with {@code before} (same metric). */
  public java.util.List<Alert> alertsSince(SlaClock before) {
    java.util.List<Alert> alerts = new java.util.ArrayList<>(2);
    boolean wasWarned = before != null && before.warned;
    boolean wasBreached = before != null && before.breached;
    if (warned && !wasWarned && !breached) {
      alerts.add(Alert.WARNING);
    }
    if (breached && !wasBreached) {
      alerts.add(Alert.BREACH);
    }
    return alerts;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  public OffsetDateTime breachedAt() {
    return breachedAt;
  }

  public boolean isRunning() {
    return runningSince != null;
  }

  public SlaMetric metric() {
    return metric;
  }

  public Duration target() {
    return Duration.ofSeconds(targetSeconds);
  }

  public Duration used() {
    return Duration.ofSeconds(usedSeconds);
  }

  public OffsetDateTime dueAt() {
    return dueAt;
  }

  public OffsetDateTime achievedAt() {
    return achievedAt;
  }

  public boolean warned() {
    return warned;
  }

  public boolean breached() {
    return breached;
  }

  public OffsetDateTime nextCheckAt() {
    return nextCheckAt;
  }

  /** running, paused, achieved; breached wins over all when the target was missed. */
  public String state() {
    if (breached) {
      return "breached";
    }
    if (achievedAt != null) {
      return "achieved";
    }
    return isRunning() ? "running" : "paused";
  }
}
