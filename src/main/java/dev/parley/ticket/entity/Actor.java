package dev.parley.ticket.entity;

import dev.parley.identity.entity.Caller;
import java.util.Locale;

/**
 * Who made a change or wrote a comment: a staff user, an API token, a contact (a requester's reply
 * recorded by an integration) or Parley's own automation (SLA watcher, merges).
 */
public record Actor(Kind kind, Long id, String name) {

  public enum Kind {
    USER,
    API_TOKEN,
    CONTACT,
    AUTOMATION;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Actor AUTOMATION = new Actor(Kind.AUTOMATION, null, "Parley");

  public static Actor of(Caller caller) {
    return new Actor(caller.isUser() ? Kind.USER : Kind.API_TOKEN, caller.id(), caller.name());
  }

  public static Actor of(Contact contact) {
    return new Actor(Kind.CONTACT, contact.id(), contact.displayName());
  }

  public boolean isStaff() {
    return kind == Kind.USER || kind == Kind.API_TOKEN;
  }
}
