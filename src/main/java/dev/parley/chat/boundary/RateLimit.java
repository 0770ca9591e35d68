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

  synchronized boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
