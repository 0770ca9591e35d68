package dev.parley.analytics.control;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The size of a report's buckets, in local time: hours, days, ISO weeks (Monday) or months. */
public enum Grouping {
  HOUR("hour", "HOUR"),
  DAY("day", "DAY"),
  WEEK("week", "ISO_WEEK"),
  MONTH("month", "MONTH");

  private final String postgresUnit;
  private final String h2Unit;

  Grouping(String postgresUnit, String h2Unit) {
    this.postgresUnit = postgresUnit;
    this.h2Unit = h2Unit;
  }

  /** The bucket a local time falls in. */
  public LocalDateTime start(LocalDateTime t) {
    return switch (this) {
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
      case DAY -> t.truncatedTo(ChronoUnit.DAYS);
      case WEEK ->
          t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
    };
  }

  public LocalDateTime next(LocalDateTime bucket) {
    return switch (this) {
      case HOUR -> bucket.plusHours(1);
      case DAY -> bucket.plusDays(1);
      case WEEK -> bucket.plusWeeks(1);
      case MONTH -> bucket.plusMonths(1);
    };
  }

  String unit(boolean postgres) {
    return postgres ? postgresUnit : h2Unit;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Grouping fromWire(String value) {
    for (Grouping g : values()) {
      if (g.wire().equals(value)) {
        return g;
      }
    }
    throw new IllegalArgumentException("must be hour, day, week or month");
  }
}
