package dev.parley.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** CH-4: a staff list's cursor reads back what it wrote, and nothing a database cannot hold. */
class ConversationCursorTest {

  @Test
  void aCursorReadsBackAndRefusesWhatNoListGave() {
    Conversations.Cursor c = new Conversations.Cursor(1_764_680_000_123_456L, 42);
    assertEquals(c, Conversations.Cursor.parse(c.toString()));
    assertEquals("2025-12-02T12:53:20.123456Z", c.at().toInstant().toString(), "microseconds kept");
    for (String bad :
        new String[] {
          "", "1", "1.2.3", "x.1", "1.x", "-1.5", "9223372036854775807.1", "99999999999999999999.1"
        }) {
      assertThrows(IllegalArgumentException.class, () -> Conversations.Cursor.parse(bad), bad);
    }
  }
}
