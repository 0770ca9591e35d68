package dev.parley.assist.entity;

import java.util.Locale;

/** Where a decision's text came from. */
public enum DecisionSource {
  /** Written by the configured language model, grounded in retrieved passages. */
  LLM,
  /** Knowledge-base passages shaped by a template: no model wrote anything. */
  KNOWLEDGE_BASE,
  /** Quoted from the conversation itself (a summary without a model). */
  TRANSCRIPT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
