package dev.parley.assist.entity;

import java.util.Locale;

/** What an AI decision produced. */
public enum DecisionKind {
  /** A reply suggested to an agent. */
  REPLY,
  /** A conversation summary (transfer, handoff, escalation). */
  SUMMARY,
  /** The bot's answer to a visitor. */
  BOT_ANSWER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
