package dev.parley.platform.errors;

/** The input breaks a rule of the domain; the fields say which. */
public class Invalid extends DomainException {

  public Invalid(String message) {
    super(message);
  }
}
