package dev.parley.chat.entity;

import java.util.Locale;

/** Where a conversation stands: {@code bot → handoff_pending → human → closed}. */
public enum ConversationState {
  /** The bot answers (knowledge base); no human is involved yet. */
  BOT,
  /** Waiting for an agent: handed off by the bot, or no bot in this inbox. */
  HANDOFF_PENDING,
  /** An agent owns it; the bot stays silent. */
  HUMAN,
  /** Ended; it can be rated and reopened by an agent. */
  CLOSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConversationState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
