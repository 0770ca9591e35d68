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

  private int refused;

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

  /** Counts a refusal; returns the refusals since the last admitted message. */
  synchronized int refused() {
    return ++refused;
  }

  /** A message was admitted: the client is within its budget again. */
  synchronized void admitted() {
    refused = 0;
  }
}
