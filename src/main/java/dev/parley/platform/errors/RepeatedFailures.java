package dev.parley.platform.errors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a failure that may repeat thousands of times a second (a database or broker outage seen by
 * every chat message) once per interval with how often it happened since: the first occurrence of a
 * kind with its stack trace, then one line per interval with the count. A log must stay readable
 * during the outage it reports.
 */
public final class RepeatedFailures {

  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger log;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  private static final class Kind {
    final AtomicLong count = new AtomicLong();
    volatile long lastLogged;
    volatile boolean traced;
  }

  public RepeatedFailures(Logger log) {
    this.log = log;
  }

  /** Records a failure of what was being done; logs it unless it was logged within the interval. */
  public void record(String doing, Throwable failure) {
    String key = doing + "|" + failure.getClass().getName();
    if (kinds.size() > 1_000) {
      kinds.clear();
    }
    Kind kind = kinds.computeIfAbsent(key, k -> new Kind());
    long count = kind.count.incrementAndGet();
    long now = System.nanoTime();
    long last = kind.lastLogged;
    if (last != 0 && now - last < INTERVAL_NANOS) {
      return;
    }
    synchronized (kind) {
      if (kind.lastLogged != last) {
        return; // another thread logged it meanwhile
      }
      kind.lastLogged = now;
      kind.count.set(0);
    }
    if (!kind.traced) {
      kind.traced = true;
      log.log(Level.WARNING, "Failed " + doing + " (logged once per 10 s while it lasts)", failure);
    } else {
      log.log(
          Level.WARNING,
          "Failed {0} {1} times in the last 10 s: {2}",
          new Object[] {doing, count, rootMessage(failure)});
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
