package dev.parley.assist.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import org.junit.jupiter.api.Test;

/** AS-2: an outcome is recorded once, with the edit distance of what was really sent. */
class AiDecisionTest {

  private static AiDecision suggestion(String text) {
    return new AiDecision(
        DecisionKind.REPLY,
        1,
        2L,
        DecisionSource.LLM,
        text,
        "[]",
        "[]",
        "p",
        "1",
        "m",
        5,
        10,
        5,
        null);
  }

  @Test
  void sentAsIsSentEditedOrDismissedOnce() {
    AiDecision asIs = suggestion("Hello there");
    asIs.decide(Outcome.SENT, "Hello there", 7);
    assertEquals(Outcome.SENT, asIs.outcome());
    assertEquals(0, asIs.editDistance());

    AiDecision edited = suggestion("Hello there");
    edited.decide(Outcome.SENT, "Hello, there!", 7);
    assertEquals(Outcome.SENT_EDITED, edited.outcome());
    assertEquals(2, edited.editDistance());
    assertThrows(Conflict.class, () -> edited.decide(Outcome.DISMISSED, null, 7));

    AiDecision dismissed = suggestion("x");
    dismissed.decide(Outcome.DISMISSED, null, 7);
    assertNull(dismissed.editDistance());
  }

  @Test
  void aSuggestionSentWithoutItsCitationMarksIsSentAsIs() {
    AiDecision d = suggestion("Hold the reset button for ten seconds [S1]. Then wait [S2].");
    d.decide(Outcome.SENT, "Hold the reset button for ten seconds. Then wait.", 7);
    assertEquals(Outcome.SENT, d.outcome());
    assertEquals(
        "Refunds take 30 days.", AiDecision.withoutCitationMarks("Refunds take 30 days [S12]."));
  }

  @Test
  void editDistanceIsLevenshtein() {
    assertEquals(3, AiDecision.editDistance("kitten", "sitting"));
    assertEquals(0, AiDecision.editDistance("", ""));
    assertEquals(4, AiDecision.editDistance("", "abcd"));
  }

  @Test
  void ratingsAreThumbsAndSummariesTakeNoOutcome() {
    AiDecision d = suggestion("x");
    assertThrows(Invalid.class, () -> d.rate(5));
    d.rate(-1);
    assertEquals(-1, d.rating());
    AiDecision summary =
        new AiDecision(
            DecisionKind.SUMMARY,
            1,
            null,
            DecisionSource.TRANSCRIPT,
            "s",
            "[]",
            "[]",
            null,
            null,
            null,
            1,
            0,
            0,
            null);
    assertThrows(Conflict.class, () -> summary.decide(Outcome.SENT, "s", 1));
    assertThrows(Invalid.class, () -> suggestion("x").decide(Outcome.SENT, " ", 1));
  }
}
