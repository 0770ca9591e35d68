package dev.parley.chat.control;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node has delivered of each conversation's messages, as the highest sequence number of
 * an unbroken run. A message arriving (from this node or another) is the next one (deliver it), one
 * already delivered (drop it), or one past a hole: the missing ones are committed already (a
 * message's number is taken under the conversation's row lock, after the previous one committed),
 * so they are fetched from the database and delivered first. Only one thread at a time handles a
 * conversation (its lane), so the decisions for one conversation never race.
 *
 * <p>The first message a node sees of a conversation may not be its first: the earlier ones went to
 * nobody here (the conversation started on another node and their events were lost on the way, say,
 * while an agent here was just being assigned it). The last {@value #FIRST_SIGHT_LOOKBACK} before
 * it are filled from the database then; clients drop what they already have by its number, and an
 * older hole is theirs to resume (the message's {@code prev} shows it).
 */
final class SequenceGate {

  /** What to do with an arriving message. */
  enum Verdict {
    DELIVER,
    DUPLICATE,
    FILL_FIRST
  }

  /** The verdict, and the last number delivered before it (the hole is after it). */
  record Decision(Verdict verdict, long lastDelivered) {}

  /** How many earlier messages a conversation's first message seen here brings along. */
  static final int FIRST_SIGHT_LOOKBACK = 20;

  private final Map<Long, Long> delivered = new ConcurrentHashMap<>();
  private final int capacity;

  SequenceGate(int capacity) {
    this.capacity = capacity;
  }

  Decision arrive(long conversation, long seq) {
    Long last = delivered.get(conversation);
    if (last == null) {
      return seq == 1
          ? new Decision(Verdict.DELIVER, 0)
          : new Decision(Verdict.FILL_FIRST, Math.max(0, seq - 1 - FIRST_SIGHT_LOOKBACK));
    }
    if (seq <= last) {
      return new Decision(Verdict.DUPLICATE, last);
    }
    return new Decision(seq == last + 1 ? Verdict.DELIVER : Verdict.FILL_FIRST, last);
  }

  /** Records a delivered message (numbers only grow). */
  void delivered(long conversation, long seq) {
    if (delivered.size() >= capacity && !delivered.containsKey(conversation)) {
      delivered.clear(); // a crude bound: forgetting means trusting the next message as contiguous
    }
    delivered.merge(conversation, seq, Math::max);
  }

  /** The last delivered number of a conversation, or null when this node has not seen it. */
  Long last(long conversation) {
    return delivered.get(conversation);
  }

  /** The conversations this node has delivered messages of (for catching up). */
  Set<Long> conversations() {
    return Set.copyOf(delivered.keySet());
  }

  void forget(long conversation) {
    delivered.remove(conversation);
  }
}
