package dev.parley.identity.entity;

import java.util.Locale;

/** What a staff user may do. An admin may also act as an agent. */
public enum Role {
  ADMIN,
  AGENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String value) {
    for (Role role : values()) {
      if (role.wire().equals(value)) {
        return role;
      }
    }
    throw new IllegalArgumentException("role must be admin or agent");
  }

  /** Whether a holder of this role satisfies a rule that allows {@code required}. */
  public boolean satisfies(Role required) {
    return this == required || this == ADMIN;
  }
}
