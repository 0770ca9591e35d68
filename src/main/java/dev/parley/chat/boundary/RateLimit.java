package dev.parley.chat.boundary;

/**
 * A token bucket: {@code perSecond} tokens refill each second up to {@code burst}. Thread-safe;
 * cheap enough to consult on every incoming frame.
 */
final class RateLimit {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  RateLimit(double perSecond, double burst) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = System.nanoTime();
  }

  /** When the recent refusals happened (nanoTime), oldest first; made on the first refusal. */
  private java.util.ArrayDeque<Long> refusals;

  synchronized boolean tryAcquire() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
  }

  /** Milliseconds until the next token. */
  synchronized long millisUntilNext() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano / 1e6);
  }

  /**
   * Counts a refusal; returns how many there were in the last {@code windowNanos}. A client that
   * follows the protocol waits after each refusal and collects a few; one that ignores them
   * collects them as fast as it sends, however fast the server gets to them.
   */
  synchronized int refused(long windowNanos, int keepAtMost) {
    long now = System.nanoTime();
    if (refusals == null) {
      refusals = new java.util.ArrayDeque<>();
    }
    while (!refusals.isEmpty() && now - refusals.peekFirst() > windowNanos) {
      refusals.removeFirst();
    }
    refusals.addLast(now);
    while (refusals.size() > keepAtMost) {
      refusals.removeFirst();
    }
    return refusals.size();
  }
}
