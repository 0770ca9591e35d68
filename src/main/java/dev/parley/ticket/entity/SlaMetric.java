package dev.parley.ticket.entity;

import java.util.Locale;

/** What an SLA target measures. */
public enum SlaMetric {
  /** From creation to the first public reply of staff. */
  FIRST_RESPONSE,
  /** From a requester's reply to staff's next public reply. */
  NEXT_RESPONSE,
  /** From creation to solved. */
  RESOLUTION;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
