package dev.parley.platform.errors;

/** The request contradicts the current state: a duplicate, a forbidden transition, a last admin. */
public class Conflict extends DomainException {

  public Conflict(String message) {
    super(message);
  }
}
