package dev.parley.platform.errors;

/** The thing asked for does not exist (or is not visible to the caller). */
public class NotFound extends DomainException {

  public NotFound(String message) {
    super(message);
  }
}
