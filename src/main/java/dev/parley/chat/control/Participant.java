package dev.parley.chat.control;

import dev.parley.identity.entity.Caller;

/** Who acts in a conversation: the visitor of a widget session, or a staff user. */
public sealed interface Participant {

  /** A visitor, as their signed token says: their id and the inbox it was issued for. */
  record Visitor(String visitorId, long inboxId) implements Participant {}

  /** A signed-in agent or admin. */
  record Staff(Caller caller) implements Participant {}
}
