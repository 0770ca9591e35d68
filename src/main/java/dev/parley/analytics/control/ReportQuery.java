package dev.parley.analytics.control;

import dev.parley.platform.errors.Invalid;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a report covers: the dates {@code from} to {@code to} (both included) in a time zone, cut
 * into buckets, and the filters (definitions in {@code dev.parley.analytics}).
 */
public record ReportQuery(
    LocalDate from, LocalDate to, Grouping grouping, ZoneId zone, Filter filter) {

  /** The longest range, and the longest one cut into hours. */
  public static final int MAX_DAYS = 400;

  public static final int MAX_HOURLY_DAYS = 31;

  /** Narrows a report; null fields do not filter. */
  public record Filter(Long inbox, Long team, Long agent, Long topic, String channel) {
    public static final Filter NONE = new Filter(null, null, null, null, null);

    public Filter {
      if (channel != null && !channel.matches("[a-z][a-z0-9_-]{0,39}")) {
        throw new Invalid("Unknown channel").field("channel", "a channel such as chat, email, api");
      }
    }
  }

  public ReportQuery {
    if (to.isBefore(from)) {
      throw new Invalid("The range ends before it starts").field("to", "must not be before from");
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days > MAX_DAYS) {
      throw new Invalid("The range is too long")
          .field("to", "at most " + MAX_DAYS + " days after from");
    }
    if (grouping == Grouping.HOUR && days > MAX_HOURLY_DAYS) {
      throw new Invalid("Too many hours")
          .field("group", "hour covers at most " + MAX_HOURLY_DAYS + " days; use day");
    }
    if (filter == null) {
      filter = Filter.NONE;
    }
  }

  /** The same grouping, zone and filters over other dates. */
  public ReportQuery over(LocalDate from, LocalDate to) {
    return new ReportQuery(from, to, grouping, zone, filter);
  }

  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /** The first instant after the range. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** Every bucket's local start, in order. */
  public List<LocalDateTime> buckets() {
    List<LocalDateTime> buckets = new ArrayList<>();
    LocalDateTime end = to.plusDays(1).atStartOfDay();
    for (LocalDateTime b = grouping.start(from.atStartOfDay());
        b.isBefore(end);
        b = grouping.next(b)) {
      buckets.add(b);
    }
    return buckets;
  }
}
