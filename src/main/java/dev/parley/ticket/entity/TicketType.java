package dev.parley.ticket.entity;

import java.util.Locale;

/** What kind of request a ticket is. */
public enum TicketType {
  QUESTION,
  INCIDENT,
  PROBLEM,
  TASK;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TicketType fromWire(String value) {
    for (TicketType t : values()) {
      if (t.wire().equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("must be question, incident, problem or task");
  }
}
