package dev.parley.ticket.entity;

import java.util.Locale;

/** The kinds of admin-defined ticket fields. */
public enum FieldType {
  TEXT,
  NUMBER,
  DATE,
  DROPDOWN,
  CHECKBOX;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FieldType fromWire(String value) {
    for (FieldType t : values()) {
      if (t.wire().equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("must be text, number, date, dropdown or checkbox");
  }
}
