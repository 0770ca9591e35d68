package dev.parley.platform.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;

/**
 * Fixed-window rate limits shared by every node (windows are aligned to the clock, so a busy key's
 * count starts again at each window): a key (an address, an inbox, an account) may do something at
 * most {@code max} times per window. Anonymous endpoints use it so that nobody can make Parley do
 * unbounded work or write unbounded rows; the answer is a 429 with {@code Retry-After}, as for
 * sign-ins.
 */
@ApplicationScoped
public class Throttle {

  /** Refused: try again after this many seconds. */
  public static final class Exceeded extends RuntimeException {
    private final long retryAfterSeconds;

    public Exceeded(long retryAfterSeconds) {
      super("rate limit exceeded", null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  @Inject Caches caches;

  /**
   * Counts one event for each key and refuses it when any key is over its limit.
   *
   * @throws Exceeded when a key has had {@code max} events in the current window
   */
  public void admit(String key, int max, Duration window) {
    long millis = Math.max(1000, window.toMillis());
    long now = System.currentTimeMillis();
    long bucket = now / millis;
    if (count(key + "@" + bucket, millis) > max) {
      long left = (bucket + 1) * millis - now;
      throw new Exceeded(Math.max(1, (left + 999) / 1000));
    }
  }

  /** Adds one to a window's counter; returns the new count. */
  private int count(String key, long millis) {
    Cache<String, Integer> counters = caches.cache(Caches.THROTTLES);
    // compare-and-set without lambdas: the cache may be replicated, and values must marshal
    for (int attempt = 0; attempt < 20; attempt++) {
      Integer current = counters.get(key);
      if (current == null) {
        if (counters.putIfAbsent(key, 1, millis, TimeUnit.MILLISECONDS) == null) {
          return 1;
        }
      } else if (current >= Integer.MAX_VALUE - 1) {
        return current;
      } else if (counters.replace(key, current, current + 1, millis, TimeUnit.MILLISECONDS)) {
        return current + 1;
      }
    }
    Integer value = counters.get(key);
    return value == null ? 1 : value;
  }
}
