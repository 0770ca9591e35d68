package dev.parley.triage.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TR-3: what counts as asking for a human, and as a yes or a no to "did this help?". */
class BotTest {

  @Test
  void requestsForAHumanAreRecognized() {
    for (String s :
        new String[] {
          "i want to talk to a human",
          "agent please",
          "can i speak to someone",
          "real person!",
          "get me a representative"
        }) {
      assertTrue(Bot.WANTS_HUMAN.matcher(s).find(), s);
    }
    for (String s :
        new String[] {
          "how do i reset my password",
          "my agentur invoice",
          "personal data export",
          "how many people can use my account"
        }) {
      assertFalse(Bot.WANTS_HUMAN.matcher(s).find(), s);
    }
  }

  @Test
  void yesAndNoAnswers() {
    assertTrue(Bot.YES.matcher("yes, thanks!").matches());
    assertTrue(Bot.YES.matcher("thank you").matches());
    assertTrue(Bot.NO.matcher("no it didn't").matches());
    assertFalse(Bot.YES.matcher("nope").matches());
    assertTrue(Bot.NO.matcher("not really").matches());
    assertFalse(Bot.NO.matcher("now it works").matches());
  }
}
