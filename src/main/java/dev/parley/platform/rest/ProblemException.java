package dev.parley.platform.rest;

import jakarta.ws.rs.WebApplicationException;

/** A JAX-RS exception whose response is an RFC 9457 problem. */
public class ProblemException extends WebApplicationException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.toResponse());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
