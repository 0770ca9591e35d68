package dev.parley.identity.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API token may do; each endpoint lists the scopes it accepts. */
public enum Scope {
  TICKETS_READ("tickets:read"),
  TICKETS_WRITE("tickets:write"),
  KB_READ("kb:read"),
  KB_WRITE("kb:write"),
  EVENTS_READ("events:read"),
  REPORTS_READ("reports:read"),
  ADMIN("admin");

  private final String wire;

  Scope(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Scope fromWire(String value) {
    for (Scope scope : values()) {
      if (scope.wire.equals(value)) {
        return scope;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '"
            + value
            + "'; known: "
            + Arrays.stream(values()).map(Scope::wire).collect(Collectors.joining(", ")));
  }

  public static Set<Scope> parse(String commaSeparated) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (commaSeparated != null) {
      for (String part : commaSeparated.split(",")) {
        if (!part.isBlank()) {
          scopes.add(fromWire(part.trim()));
        }
      }
    }
    return scopes;
  }

  public static String format(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::wire).collect(Collectors.joining(","));
  }
}
