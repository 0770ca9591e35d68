package dev.parley.ticket.entity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a ticket is in its life: {@code new → open → pending → on_hold → solved → closed}. A solved
 * ticket can be reopened; a closed one is final (a follow-up ticket links to it).
 */
public enum TicketStatus {
  NEW,
  OPEN,
  PENDING,
  ON_HOLD,
  SOLVED,
  CLOSED;

  /** The statuses this one may move to. */
  public Set<TicketStatus> next() {
    return switch (this) {
      case NEW -> EnumSet.of(OPEN, PENDING, ON_HOLD, SOLVED);
      case OPEN -> EnumSet.of(PENDING, ON_HOLD, SOLVED);
      case PENDING -> EnumSet.of(OPEN, ON_HOLD, SOLVED);
      case ON_HOLD -> EnumSet.of(OPEN, PENDING, SOLVED);
      case SOLVED -> EnumSet.of(OPEN, CLOSED);
      case CLOSED -> EnumSet.noneOf(TicketStatus.class);
    };
  }

  public boolean canBecome(TicketStatus to) {
    return next().contains(to);
  }

  /** Whether SLA clocks are paused in this status (waiting on the requester or a third party). */
  public boolean pausesSla() {
    return this == PENDING || this == ON_HOLD;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TicketStatus fromWire(String value) {
    for (TicketStatus s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("must be new, open, pending, on_hold, solved or closed");
  }
}
