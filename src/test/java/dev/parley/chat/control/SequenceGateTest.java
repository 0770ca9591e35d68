package dev.parley.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** CH-9: a node delivers a conversation's messages in order, once, filling holes first. */
class SequenceGateTest {

  private final SequenceGate gate = new SequenceGate(10);

  @Test
  void theNextMessageIsDeliveredAndAnEarlierOneIsADuplicate() {
    assertEquals(SequenceGate.Verdict.DELIVER, gate.arrive(7, 1).verdict());
    gate.delivered(7, 4);
    assertEquals(SequenceGate.Verdict.DELIVER, gate.arrive(7, 5).verdict());
    gate.delivered(7, 5);
    assertEquals(SequenceGate.Verdict.DUPLICATE, gate.arrive(7, 5).verdict());
    assertEquals(SequenceGate.Verdict.DUPLICATE, gate.arrive(7, 3).verdict());
  }

  @Test
  void aMessagePastAHoleAsksForTheMissingOnesFirst() {
    gate.delivered(7, 5);
    SequenceGate.Decision decision = gate.arrive(7, 9);
    assertEquals(SequenceGate.Verdict.FILL_FIRST, decision.verdict());
    assertEquals(5, decision.lastDelivered());
    // 6, 7 and 8 come from the database, then 9; the late 7 from the broker is a duplicate
    gate.delivered(7, 8);
    gate.delivered(7, 9);
    assertEquals(SequenceGate.Verdict.DUPLICATE, gate.arrive(7, 7).verdict());
  }

  @Test
  void theFirstMessageSeenOfAConversationBringsTheRecentEarlierOnes() {
    // a conversation started elsewhere: its first message's event never reached this node
    SequenceGate.Decision second = gate.arrive(7, 2);
    assertEquals(SequenceGate.Verdict.FILL_FIRST, second.verdict());
    assertEquals(0, second.lastDelivered());
    // a long one seen here late: only the recent ones, not its whole history
    SequenceGate.Decision late = gate.arrive(8, 5_000);
    assertEquals(SequenceGate.Verdict.FILL_FIRST, late.verdict());
    assertEquals(5_000 - 1 - SequenceGate.FIRST_SIGHT_LOOKBACK, late.lastDelivered());
  }

  @Test
  void conversationsAreIndependentAndTheBoundForgets() {
    gate.delivered(1, 3);
    assertNull(gate.last(2));
    assertEquals(SequenceGate.Verdict.FILL_FIRST, gate.arrive(2, 40).verdict());
    for (long c = 10; c < 25; c++) {
      gate.delivered(c, 1);
    }
    assertEquals(true, gate.conversations().size() <= 10);
  }
}
