package dev.parley.ticket.entity;

import java.util.Locale;

/** How urgent a ticket is; each priority has its own SLA policy. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Priority fromWire(String value) {
    for (Priority p : values()) {
      if (p.wire().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("must be low, normal, high or urgent");
  }
}
