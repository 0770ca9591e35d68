package dev.parley.identity.entity;

import dev.parley.platform.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A weekly calendar with a time zone and holidays: when an inbox (or, for tickets, a team) is
 * staffed. SLA clocks count only its open time ({@link #plus}, {@link #between}); {@link #ALWAYS}
 * is the calendar of a team without one. Stored as JSON: {@code
 * {"timeZone":"Europe/Berlin","weekly":{"monday":[["09:00", "17:00"]]},"holidays":["2026-12-25"]}}.
 * A day without windows is closed.
 */
public record BusinessHours(
    ZoneId timeZone, Map<DayOfWeek, List<Window>> weekly, Set<LocalDate> holidays) {

  /** One opening window in local time, {@code from} inclusive and {@code to} exclusive. */
  public record Window(LocalTime from, LocalTime to) {
    public Window {
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("a window must end after it starts: " + from + "-" + to);
      }
    }

    boolean contains(LocalTime time) {
      return !time.isBefore(from) && time.isBefore(to);
    }
  }

  /** Open around the clock, every day: the calendar of a team that has none. */
  public static final BusinessHours ALWAYS = always();

  /** How far ahead {@link #plus} looks for open time before giving up. */
  private static final int HORIZON_DAYS = 3 * 366;

  public BusinessHours {
    weekly = Map.copyOf(weekly);
    holidays = Set.copyOf(holidays);
    if (weekly.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("weekly needs at least one opening window");
    }
  }

  private static BusinessHours always() {
    Map<DayOfWeek, List<Window>> all = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      all.put(day, List.of(new Window(LocalTime.MIDNIGHT, LocalTime.MAX)));
    }
    return new BusinessHours(ZoneId.of("UTC"), all, Set.of());
  }

  /**
   * The instant at which {@code amount} of open time has passed since {@code start}. Closed time
   * (nights, weekends, holidays) does not count; daylight-saving shifts are respected.
   */
  public Instant plus(Instant start, Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative");
    }
    long remaining = amount.toNanos();
    LocalDate day = start.atZone(timeZone).toLocalDate();
    for (int i = 0; i <= HORIZON_DAYS; i++, day = day.plusDays(1)) {
      for (Instant[] open : openIntervals(day)) {
        Instant from = open[0].isBefore(start) ? start : open[0];
        if (!from.isBefore(open[1])) {
          continue;
        }
        long available = Duration.between(from, open[1]).toNanos();
        if (remaining <= available) {
          return from.plusNanos(remaining);
        }
        remaining -= available;
      }
    }
    throw new IllegalStateException("no open time within " + HORIZON_DAYS + " days of " + start);
  }

  /** The open time between two instants (zero if {@code to} is not after {@code from}). */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    long total = 0;
    LocalDate last = to.atZone(timeZone).toLocalDate();
    for (LocalDate day = from.atZone(timeZone).toLocalDate();
        !day.isAfter(last);
        day = day.plusDays(1)) {
      for (Instant[] open : openIntervals(day)) {
        Instant a = open[0].isBefore(from) ? from : open[0];
        Instant b = open[1].isAfter(to) ? to : open[1];
        if (a.isBefore(b)) {
          total += Duration.between(a, b).toNanos();
        }
      }
    }
    return Duration.ofNanos(total);
  }

  /** A day's opening windows as instants; a window ending at 23:59:59.999… runs to midnight. */
  private List<Instant[]> openIntervals(LocalDate day) {
    if (holidays.contains(day)) {
      return List.of();
    }
    List<Instant[]> intervals = new ArrayList<>();
    for (Window w : weekly.getOrDefault(day.getDayOfWeek(), List.of())) {
      Instant from = day.atTime(w.from()).atZone(timeZone).toInstant();
      Instant to =
          w.to().equals(LocalTime.MAX)
              ? day.plusDays(1).atStartOfDay(timeZone).toInstant()
              : day.atTime(w.to()).atZone(timeZone).toInstant();
      intervals.add(new Instant[] {from, to});
    }
    return intervals;
  }

  public boolean isOpen(Instant instant) {
    ZonedDateTime local = instant.atZone(timeZone);
    if (holidays.contains(local.toLocalDate())) {
      return false;
    }
    return weekly.getOrDefault(local.getDayOfWeek(), List.of()).stream()
        .anyMatch(w -> w.contains(local.toLocalTime()));
  }

  /**
   * Parses the stored or submitted JSON form.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static BusinessHours parse(JsonObject json) {
    ZoneId zone;
    try {
      zone = ZoneId.of(json.getString("timeZone", "UTC"));
    } catch (DateTimeException | ClassCastException e) {
      throw new IllegalArgumentException("timeZone is not a known time zone such as Europe/Berlin");
    }
    Map<DayOfWeek, List<Window>> weekly = new EnumMap<>(DayOfWeek.class);
    JsonObject days = json.containsKey("weekly") ? json.getJsonObject("weekly") : null;
    if (days == null) {
      throw new IllegalArgumentException("weekly is required: opening windows per day");
    }
    for (Map.Entry<String, JsonValue> day : days.entrySet()) {
      DayOfWeek dayOfWeek;
      try {
        dayOfWeek = DayOfWeek.valueOf(day.getKey().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("weekly." + day.getKey() + " is not a day of the week");
      }
      List<Window> windows = new ArrayList<>();
      for (JsonValue window : day.getValue().asJsonArray()) {
        JsonArray pair = window.asJsonArray();
        try {
          windows.add(new Window(time(pair.getString(0)), time(pair.getString(1))));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "weekly." + day.getKey() + " needs windows like [\"09:00\",\"17:00\"]");
        }
      }
      weekly.put(dayOfWeek, windows);
    }
    Set<LocalDate> holidays = new TreeSet<>();
    if (json.containsKey("holidays")) {
      for (JsonValue holiday : json.getJsonArray("holidays")) {
        try {
          holidays.add(LocalDate.parse(((JsonString) holiday).getString()));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("holidays must be dates like 2026-12-25");
        }
      }
    }
    return new BusinessHours(zone, weekly, holidays);
  }

  private static LocalTime time(String text) {
    return "24:00".equals(text) ? LocalTime.MAX : LocalTime.parse(text);
  }

  private static String text(LocalTime time) {
    return time.equals(LocalTime.MAX) ? "24:00" : time.toString();
  }

  public static BusinessHours parse(String json) {
    return parse(Jsons.read(json));
  }

  public JsonObject toJson() {
    JsonObjectBuilder days = Jsons.object();
    weekly.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              JsonArrayBuilder windows = Jsons.array();
              e.getValue()
                  .forEach(w -> windows.add(Jsons.array().add(text(w.from())).add(text(w.to()))));
              days.add(e.getKey().name().toLowerCase(Locale.ROOT), windows);
            });
    JsonArrayBuilder dates = Jsons.array();
    new TreeSet<>(holidays).forEach(d -> dates.add(d.toString()));
    return Jsons.object()
        .add("timeZone", timeZone.getId())
        .add("weekly", days)
        .add("holidays", dates)
        .build();
  }
}
