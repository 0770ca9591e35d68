package dev.parley.chat.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.entity.BusinessHours;
import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CH-1: inbox settings: origins, business hours, pre-chat fields. */
class InboxTest {

  @Test
  void originsAreComparedInTheFormBrowsersSend() {
    Inbox inbox =
        new Inbox("Web", "wk", Set.of("https://Shop.Example:443/", "http://localhost:9080"));
    assertEquals(Set.of("https://shop.example", "http://localhost:9080"), inbox.allowedOrigins());
    assertTrue(inbox.allowsOrigin("https://shop.example"));
    assertTrue(inbox.allowsOrigin("http://localhost:9080"));
    assertFalse(inbox.allowsOrigin("http://shop.example"), "the scheme counts");
    assertFalse(inbox.allowsOrigin("https://shop.example.evil.com"));
    assertFalse(inbox.allowsOrigin("null"));
    assertFalse(inbox.allowsOrigin(null));
    assertThrows(
        IllegalArgumentException.class, () -> Inbox.normalizeOrigin("https://shop.example/path"));
    assertThrows(IllegalArgumentException.class, () -> Inbox.normalizeOrigin("ftp://shop.example"));
    assertThrows(IllegalArgumentException.class, () -> new Inbox("Web", "wk", Set.of()));
  }

  @Test
  void businessHoursFollowTheTimeZoneAndHolidays() {
    BusinessHours hours =
        BusinessHours.parse(
            "{\"timeZone\":\"Europe/Berlin\",\"weekly\":{\"monday\":[[\"09:00\",\"17:00\"]]},"
                + "\"holidays\":[\"2026-12-28\"]}");
    // Monday 2026-11-30, 08:30 UTC is 09:30 in Berlin
    assertTrue(hours.isOpen(Instant.parse("2026-11-30T08:30:00Z")));
    assertFalse(hours.isOpen(Instant.parse("2026-11-30T07:30:00Z")), "08:30 in Berlin");
    assertFalse(hours.isOpen(Instant.parse("2026-11-30T16:00:00Z")), "17:00 in Berlin: closed");
    assertFalse(hours.isOpen(Instant.parse("2026-12-01T10:00:00Z")), "Tuesday has no windows");
    assertFalse(hours.isOpen(Instant.parse("2026-12-28T10:00:00Z")), "a holiday Monday");
    assertEquals(hours, BusinessHours.parse(hours.toJson()));
    assertThrows(
        IllegalArgumentException.class,
        () -> BusinessHours.parse("{\"timeZone\":\"Mars/Base\",\"weekly\":{}}"));
    assertThrows(
        IllegalArgumentException.class, () -> BusinessHours.parse("{\"weekly\":{\"funday\":[]}}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BusinessHours.parse("{\"weekly\":{\"monday\":[[\"17:00\",\"09:00\"]]}}"));
  }

  @Test
  void preChatValuesAreCheckedAgainstTheFields() {
    List<PreChatField> fields =
        List.of(
            new PreChatField("name", null, PreChatField.Type.TEXT, true, List.of()),
            new PreChatField("email", null, PreChatField.Type.EMAIL, false, List.of()),
            new PreChatField(
                "plan", null, PreChatField.Type.SELECT, false, List.of("free", "pro")));
    assertEquals(
        Map.of("name", "Ada", "plan", "pro"),
        PreChatField.accept(
            fields, Json.createObjectBuilder().add("name", " Ada ").add("plan", "pro").build()));
    assertMessage(
        "name: is required", () -> PreChatField.accept(fields, Json.createObjectBuilder().build()));
    assertMessage(
        "email: is not an email address",
        () ->
            PreChatField.accept(
                fields, Json.createObjectBuilder().add("name", "A").add("email", "nope").build()));
    assertMessage(
        "plan: must be one of [free, pro]",
        () ->
            PreChatField.accept(
                fields, Json.createObjectBuilder().add("name", "A").add("plan", "gold").build()));
    assertMessage(
        "age: this inbox does not ask for it",
        () ->
            PreChatField.accept(
                fields, Json.createObjectBuilder().add("name", "A").add("age", "9").build()));
    assertEquals(fields, PreChatField.parseAll(PreChatField.toJson(fields)));
  }

  private static void assertMessage(String expected, Runnable action) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, action::run).getMessage());
  }
}
