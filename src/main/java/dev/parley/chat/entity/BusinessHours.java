package dev.parley.chat.entity;

import dev.parley.platform.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.DayOfWeek;
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
 * staffed. Stored as JSON: {@code {"timeZone":"Europe/Berlin","weekly":{"monday":[["09:00",
 * "17:00"]]},"holidays":["2026-12-25"]}}. A day without windows is closed.
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

  public BusinessHours {
    weekly = Map.copyOf(weekly);
    holidays = Set.copyOf(holidays);
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
          windows.add(
              new Window(LocalTime.parse(pair.getString(0)), LocalTime.parse(pair.getString(1))));
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
                  .forEach(
                      w ->
                          windows.add(
                              Jsons.array().add(w.from().toString()).add(w.to().toString())));
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
