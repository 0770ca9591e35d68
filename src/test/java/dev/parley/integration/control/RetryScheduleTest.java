package dev.parley.integration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** INT-6: the retry schedule, its jitter and Retry-After. */
class RetryScheduleTest {

  @Test
  void theStandardScheduleSpansAboutThreeDaysWithJitter() {
    RetrySchedule s = RetrySchedule.parse(RetrySchedule.STANDARD);
    assertEquals(10, s.attempts());
    long total = 0;
    for (int failed = 1; failed < s.attempts(); failed++) {
      Duration d = s.next(failed, null);
      total += d.toSeconds();
    }
    assertTrue(
        total > Duration.ofHours(70).toSeconds() && total < Duration.ofHours(88).toSeconds(),
        "~3 days: " + total);
    for (int i = 0; i < 100; i++) {
      long fiveMinutes = s.next(2, null).toMillis();
      assertTrue(fiveMinutes >= 270_000 && fiveMinutes <= 330_000, "±10%: " + fiveMinutes);
    }
    assertEquals(Duration.ZERO, s.next(0, null), "the first attempt is at once");
    assertNull(s.next(10, null), "no attempt after the last");
  }

  @Test
  void retryAfterIsHonouredUpToADay() {
    RetrySchedule s = RetrySchedule.parse("0s,5s,10s");
    assertEquals(Duration.ofSeconds(60), s.next(1, Duration.ofSeconds(60)));
    assertTrue(s.next(1, Duration.ofSeconds(1)).toMillis() >= 4_500, "never sooner than scheduled");
    assertEquals(Duration.ofDays(1), s.next(2, Duration.ofDays(9)));
  }

  @Test
  void aBadScheduleNamesWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("0s,5 minutes"));
    assertTrue(e.getMessage().contains("5 minutes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse(" , "));
    assertEquals(3, RetrySchedule.parse("0s, 100ms ,2m").attempts());
  }
}
