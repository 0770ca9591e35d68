package dev.parley.chat.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CH-5: canned responses fill in their variables, with fallbacks, and refuse unknown ones. */
class CannedResponseTest {

  @Test
  void variablesAreFilledInAndMissingOnesFallBack() {
    CannedResponse canned =
        new CannedResponse(
            "/hello",
            "Greeting",
            "Hi {{visitor.name|there}}, I'm {{ agent.name }}. Plan: {{visitor.fields.plan}}. {{visitor.email}}");
    assertEquals("hello", canned.shortcut());
    Map<String, String> values = new HashMap<>();
    values.put("agent.name", "Sam");
    values.put("visitor.name", null);
    assertEquals(
        "Hi there, I'm Sam. Plan: pro. ",
        canned.render(values, Json.createObjectBuilder().add("plan", "pro").build()));
    values.put("visitor.name", "Ada $1 \\o/");
    assertTrue(
        canned.render(values, null).startsWith("Hi Ada $1 \\o/, I'm Sam. Plan: ."),
        "values are literal");
  }

  @Test
  void unknownVariablesAndBadShortcutsAreRefused() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CannedResponse("x", "X", "{{visitor.password}}"));
    assertTrue(unknown.getMessage().startsWith("body: unknown variable {{visitor.password}}"));
    assertThrows(IllegalArgumentException.class, () -> new CannedResponse("Has Space", "X", "y"));
    assertThrows(IllegalArgumentException.class, () -> new CannedResponse("ok", " ", "y"));
  }
}
