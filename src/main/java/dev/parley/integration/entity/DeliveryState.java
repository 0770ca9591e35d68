package dev.parley.integration.entity;

import java.util.Locale;

/** Where a webhook delivery stands. */
public enum DeliveryState {
  /** Waiting for its first attempt or its next retry. */
  PENDING,
  /** The endpoint answered 2xx. */
  DELIVERED,
  /** Given up after the last retry (or the endpoint is gone): dead-lettered, redeliverable. */
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryState fromWire(String value) {
    return valueOf(value.strip().toUpperCase(Locale.ROOT));
  }
}
