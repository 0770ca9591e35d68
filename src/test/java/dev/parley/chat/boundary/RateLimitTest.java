package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CH-6: the per-connection budget, and how refusals are counted towards closing a client. */
class RateLimitTest {

  @Test
  void aBurstIsAdmittedThenRefused() {
    RateLimit limit = new RateLimit(10, 30);
    for (int i = 0; i < 30; i++) {
      assertTrue(limit.tryAcquire());
    }
    assertFalse(limit.tryAcquire());
    long wait = limit.millisUntilNext();
    assertTrue(wait > 0 && wait <= 100, "about a tenth of a second: " + wait);
  }

  @Test
  void refusalsCountWithinTheirWindowWhateverWasAdmittedBetween() {
    RateLimit limit = new RateLimit(10, 30);
    long window = TimeUnit.SECONDS.toNanos(10);
    for (int i = 1; i <= 201; i++) {
      assertEquals(i, limit.refused(window, 201));
      limit.tryAcquire(); // an admitted message in between does not wipe the count
    }
    assertEquals(201, limit.refused(window, 201), "never more kept than needed to decide");
    RateLimit patient = new RateLimit(10, 30);
    for (int i = 0; i < 5; i++) {
      assertEquals(1, patient.refused(-1, 201), "refusals older than the window are forgotten");
    }
  }
}
