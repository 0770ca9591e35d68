package dev.parley.knowledge.entity;

import java.util.Locale;

/** Where an article is in its life: only published articles answer visitors. */
public enum ArticleStatus {
  DRAFT,
  PUBLISHED,
  ARCHIVED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ArticleStatus fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
