package dev.parley.analytics.control;

import dev.parley.analytics.control.ReportQuery.Filter;
import dev.parley.analytics.control.ReportSql.Where;

/** A report's filters as SQL conditions on conversations and on tickets (see the package). */
final class ReportFilters {

  private ReportFilters() {}

  /** On the conversation table aliased {@code c}. */
  static Where conversations(Filter f) {
    Where w =
        new Where()
            .andIf(f.inbox(), "c.inbox_id = ?")
            .andIf(f.team(), "c.team_id = ?")
            .andIf(f.agent(), "c.assignee_id = ?")
            .andIf(f.topic(), "c.topic_id = ?");
    if (f.channel() != null && !f.channel().equals("chat")) {
      w.and("1 = 0"); // conversations are chats
    }
    return w;
  }

  /** On the ticket table aliased {@code t}. */
  static Where tickets(Filter f) {
    return new Where()
        .andIf(f.team(), "t.team_id = ?")
        .andIf(f.agent(), "t.assignee_id = ?")
        .andIf(f.channel(), "t.via = ?")
        .andIf(
            f.inbox(),
            "EXISTS (SELECT 1 FROM conversation tc WHERE tc.id = t.conversation_id AND tc.inbox_id"
                + " = ?)")
        .andIf(
            f.topic(),
            "EXISTS (SELECT 1 FROM conversation tc WHERE tc.id = t.conversation_id AND tc.topic_id"
                + " = ?)");
  }
}
