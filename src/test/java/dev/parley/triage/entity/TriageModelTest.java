package dev.parley.triage.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TR-6: one trainer at a time per set; a change during training makes it go round again. */
class TriageModelTest {

  static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 2, 12, 0, 0, 0, ZoneOffset.UTC);

  @Test
  void aRequestIsClaimedOnceAndStored() {
    TriageModel m = new TriageModel(7);
    assertEquals(1, m.request());
    assertEquals(1, m.claim("a", NOW));
    assertEquals(TriageModel.State.TRAINING, m.state());
    assertEquals(-1, m.claim("b", NOW.plusSeconds(5)), "b waits while a trains");
    m.progress("a", "training", 3, 10, NOW.plusSeconds(6));
    assertEquals("training", m.phase());
    assertFalse(m.store("a", 1, new byte[] {1}, "{}", "f"));
    assertEquals(TriageModel.State.READY, m.state());
    assertEquals(1, m.trained());
    assertEquals(-1, m.claim("b", NOW.plusSeconds(7)), "nothing new to train");
  }

  @Test
  void aChangeDuringTrainingMakesTheTrainerGoRoundAgain() {
    TriageModel m = new TriageModel(7);
    m.request();
    m.claim("a", NOW);
    assertEquals(2, m.request(), "a change meanwhile");
    assertEquals(TriageModel.State.TRAINING, m.state(), "a is still training");
    assertTrue(m.store("a", 1, new byte[] {1}, "{}", "f"), "again");
    assertEquals(1, m.trained(), "the older model is stored and used meanwhile");
    assertEquals(2, m.claim("a", NOW.plusSeconds(1)));
    assertFalse(m.store("a", 2, new byte[] {2}, "{}", "g"));
    assertEquals(TriageModel.State.READY, m.state());
  }

  @Test
  void aSilentTrainerIsReplacedAndItsLateResultIgnored() {
    TriageModel m = new TriageModel(7);
    m.request();
    m.claim("a", NOW);
    OffsetDateTime later = NOW.plus(TriageModel.STALE).plusSeconds(1);
    assertEquals(1, m.claim("b", later), "a fell silent");
    assertFalse(m.store("a", 1, new byte[] {1}, "{}", "f"));
    assertEquals(0, m.trained(), "a's late result is not stored");
    m.failed("a", "late");
    assertEquals(TriageModel.State.TRAINING, m.state(), "a cannot fail b's training");
    m.failed("b", "boom");
    assertEquals(TriageModel.State.FAILED, m.state());
    assertEquals(1, m.claim("c", later), "a failed generation can be claimed again");
  }

  @Test
  void anEmptySetIsStoredAsEmpty() {
    TriageModel m = new TriageModel(9);
    m.request();
    m.claim("a", NOW);
    m.store("a", 1, null, null, "f");
    assertEquals(TriageModel.State.EMPTY, m.state());
  }
}
