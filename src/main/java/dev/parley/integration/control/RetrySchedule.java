package dev.parley.integration.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a webhook delivery is attempted: the Standard Webhooks schedule by default — at once, then
 * after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (about three days) — each delay
 * spread by up to ±10% so that retries of one outage do not arrive together. A {@code Retry-After}
 * (429, 503) longer than the scheduled delay is honoured, up to a day.
 */
public final class RetrySchedule {

  public static final String STANDARD = "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h";
  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final List<Duration> delays;

  private RetrySchedule(List<Duration> delays) {
    this.delays = List.copyOf(delays);
  }

  /**
   * A schedule such as {@value #STANDARD} (units s, m, h, ms); the first entry is the first try.
   */
  public static RetrySchedule parse(String text) {
    List<Duration> delays = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      try {
        if (p.endsWith("ms")) {
          delays.add(Duration.ofMillis(Long.parseLong(p.substring(0, p.length() - 2))));
        } else {
          long n = Long.parseLong(p.substring(0, p.length() - 1));
          delays.add(
              switch (p.charAt(p.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException(p);
              });
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "a retry schedule is delays such as 0s,5s,5m,2h; not '" + part.strip() + "'", e);
      }
    }
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("a retry schedule needs at least one attempt");
    }
    return new RetrySchedule(delays);
  }

  /** How many attempts a delivery gets. */
  public int attempts() {
    return delays.size();
  }

  /**
   * The wait before the next attempt after {@code failed} attempts, or null when there is none;
   * {@code retryAfter} is what the endpoint asked for (null: nothing).
   */
  public Duration next(int failed, Duration retryAfter) {
    if (failed >= delays.size()) {
      return null;
    }
    Duration base = delays.get(failed);
    long millis = base.toMillis();
    if (millis > 0) {
      millis += (long) (millis * ThreadLocalRandom.current().nextDouble(-0.1, 0.1));
    }
    Duration wait = Duration.ofMillis(millis);
    if (retryAfter != null) {
      Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
      if (asked.compareTo(wait) > 0) {
        wait = asked;
      }
    }
    return wait;
  }
}
