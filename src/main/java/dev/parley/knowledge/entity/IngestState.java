package dev.parley.knowledge.entity;

import java.util.Locale;

/** Where an article's ingestion (chunk, embed, store) stands. */
public enum IngestState {
  /** Waiting in the ingestion queue. */
  PENDING,
  /** Chunks are being embedded; progress is {@code ingestDone / ingestTotal}. */
  RUNNING,
  /** The current revision is searchable. */
  READY,
  /** Gave up after retries; {@code ingestError} says why. */
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
