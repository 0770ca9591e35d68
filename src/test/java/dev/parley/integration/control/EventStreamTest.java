package dev.parley.integration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.integration.entity.OutboxEvent;
import jakarta.json.JsonObject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** INT-2: event types, families and what a reader of the stream sees of an event. */
class EventStreamTest {

  @Test
  void typePatterns() {
    assertTrue(EventStream.matches("ticket.created", "ticket.created"));
    assertTrue(EventStream.matches("ticket.*", "ticket.sla_breached"));
    assertTrue(EventStream.matches("*", "csat.given"));
    assertFalse(EventStream.matches("ticket.*", "tickets.created"));
    assertFalse(EventStream.matches("ticket.created", "ticket.updated"));
    for (String ok : new String[] {"ticket.created", "ticket.*", "*", "ai.suggestion_outcome"}) {
      assertTrue(EventStream.TYPE_PATTERN.matcher(ok).matches(), ok);
    }
    for (String bad : new String[] {"Ticket", "ticket.", "*.created", "ticket..x", "tic ket", ""}) {
      assertFalse(EventStream.TYPE_PATTERN.matcher(bad).matches(), bad);
    }
  }

  @Test
  void anEventAsServedAndANoteAsAReaderWithoutNotesSeesIt() {
    OutboxEvent note =
        new OutboxEvent(
            "message.created",
            "conversation",
            "7",
            "{\"conversation\":7,\"seq\":3,\"kind\":\"note\",\"text\":\"VIP\",\"author\":2}");
    note.relayed(41, OffsetDateTime.parse("2026-12-02T10:15:30Z"));
    JsonObject full = EventStream.json(note, true);
    assertEquals("message.created", full.getString("type"));
    assertEquals(41, full.getInt("position"));
    assertEquals(
        note.occurredAt().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
        java.time.Instant.parse(full.getString("timestamp")),
        "when it happened, to the millisecond");
    assertEquals("conversation", full.getJsonObject("aggregate").getString("type"));
    assertEquals("7", full.getJsonObject("aggregate").getString("id"));
    assertEquals("VIP", full.getJsonObject("data").getString("text"));
    JsonObject redacted = EventStream.json(note, false).getJsonObject("data");
    assertTrue(redacted.isNull("text"));
    assertTrue(redacted.getBoolean("redacted"));
    assertEquals(3, redacted.getInt("seq"), "the rest stays");

    OutboxEvent visitor =
        new OutboxEvent(
            "message.created", "conversation", "7", "{\"kind\":\"visitor\",\"text\":\"hi\"}");
    assertEquals("hi", EventStream.json(visitor, false).getJsonObject("data").getString("text"));
  }
}
