package dev.parley.assist.entity;

import java.util.Locale;

/** What the agent did with a suggestion. */
public enum Outcome {
  SENT,
  SENT_EDITED,
  DISMISSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
