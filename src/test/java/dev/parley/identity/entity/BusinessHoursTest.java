package dev.parley.identity.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** TK-7: business time arithmetic for SLA clocks. */
class BusinessHoursTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessHours OFFICE =
      BusinessHours.parse(
          "{\"timeZone\":\"Europe/Berlin\",\"weekly\":{\"monday\":[[\"09:00\",\"17:00\"]],"
              + "\"tuesday\":[[\"09:00\",\"12:00\"],[\"13:00\",\"17:00\"]],"
              + "\"wednesday\":[[\"09:00\",\"17:00\"]],\"thursday\":[[\"09:00\",\"17:00\"]],"
              + "\"friday\":[[\"09:00\",\"17:00\"]]},\"holidays\":[\"2026-12-25\"]}");

  private static Instant berlin(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, BERLIN).toInstant();
  }

  @Test
  void timeOutsideTheWindowsDoesNotCount() {
    // Friday 16:00 + 2 h: one hour on Friday, one on Monday
    assertEquals(
        berlin(2026, 11, 30, 10, 0), OFFICE.plus(berlin(2026, 11, 27, 16, 0), Duration.ofHours(2)));
    // Saturday: starts counting on Monday 09:00
    assertEquals(
        berlin(2026, 11, 30, 9, 30),
        OFFICE.plus(berlin(2026, 11, 28, 11, 0), Duration.ofMinutes(30)));
    // Tuesday's lunch break is skipped
    assertEquals(
        berlin(2026, 12, 1, 13, 30), OFFICE.plus(berlin(2026, 12, 1, 11, 30), Duration.ofHours(1)));
    assertEquals(
        Duration.ofHours(2),
        OFFICE.between(berlin(2026, 11, 27, 16, 0), berlin(2026, 11, 30, 10, 0)));
    assertEquals(
        Duration.ofHours(7),
        OFFICE.between(berlin(2026, 12, 1, 0, 0), berlin(2026, 12, 2, 0, 0)),
        "Tuesday has 3 + 4 open hours");
  }

  @Test
  void holidaysAreClosed() {
    // Thursday 24 Dec 16:00 + 2 h: 1 h on the 24th, the 25th is a holiday, 1 h on Monday 28th
    assertEquals(
        berlin(2026, 12, 28, 10, 0), OFFICE.plus(berlin(2026, 12, 24, 16, 0), Duration.ofHours(2)));
  }

  @Test
  void daylightSavingShiftsAreRespected() {
    BusinessHours allDay =
        BusinessHours.parse(
            "{\"timeZone\":\"Europe/Berlin\",\"weekly\":{\"sunday\":[[\"00:00\",\"24:00\"]]}}");
    Instant start = berlin(2027, 3, 28, 0, 0); // the night clocks go forward: 23 hours
    assertEquals(Duration.ofHours(23), allDay.between(start, start.plus(Duration.ofDays(1))));
  }

  @Test
  void alwaysCountsEverything() {
    Instant start = Instant.parse("2026-11-28T10:00:00Z");
    assertEquals(
        start.plus(Duration.ofHours(50)), BusinessHours.ALWAYS.plus(start, Duration.ofHours(50)));
    assertEquals(
        Duration.ofHours(50),
        BusinessHours.ALWAYS.between(start, start.plus(Duration.ofHours(50))));
  }

  @Test
  void aCalendarWithoutOpenTimeIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BusinessHours.parse("{\"timeZone\":\"UTC\",\"weekly\":{\"monday\":[]}}"));
  }
}
