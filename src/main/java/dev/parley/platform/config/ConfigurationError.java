package dev.parley.platform.config;

import java.util.List;

/** A deployment setting is missing, malformed or contradicts another; the message names it. */
public class ConfigurationError extends RuntimeException {

  private final List<String> problems;

  public ConfigurationError(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigurationError(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  public List<String> problems() {
    return problems;
  }
}
