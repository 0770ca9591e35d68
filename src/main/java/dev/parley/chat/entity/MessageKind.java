package dev.parley.chat.entity;

import java.util.Locale;

/** Who wrote a message, and who may read it. */
public enum MessageKind {
  VISITOR,
  AGENT,
  BOT,
  /** A private note: agents only, never sent to the visitor. */
  NOTE,
  /** Written by Parley (assigned, transferred, closed). */
  SYSTEM;

  public boolean visibleToVisitor() {
    return this != NOTE;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
