package dev.parley.platform.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the domain refuses, said in the domain's words. Controls and entities throw these and
 * know nothing of HTTP; the REST layer maps each kind to its problem ({@code ProblemMappers}).
 */
public abstract class DomainException extends RuntimeException {

  private final Map<String, String> fields = new LinkedHashMap<>();

  protected DomainException(String message) {
    super(message);
  }

  /** Names an offending input field (a JSON path like {@code email} or {@code scopes/1}). */
  public DomainException field(String name, String detail) {
    fields.put(name, detail);
    return this;
  }

  public Map<String, String> fields() {
    return Collections.unmodifiableMap(fields);
  }
}
