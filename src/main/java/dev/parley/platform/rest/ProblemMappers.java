package dev.parley.platform.rest;

import dev.parley.platform.errors.DomainException;
import dev.parley.platform.errors.RepeatedFailures;
import dev.parley.platform.errors.Transient;
import dev.parley.platform.json.Texts;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error leaves the API as {@code application/problem+json}, never as an HTML page, and never
 * with the runtime's internal codes or a caller's long input echoed back.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());
  private static final RepeatedFailures FAILURES = new RepeatedFailures(LOG);

  /** How RESTEasy names a parameter it could not convert. */
  private static final Pattern PARAMETER =
      Pattern.compile("(Path|Query|Header|Matrix|Cookie|Form)Param\\(\"([^\"]{1,60})\"\\)");

  private ProblemMappers() {}

  /**
   * JAX-RS's own exceptions (404 for unknown paths, 405, 415, a parameter that is not a number,
   * ...) and {@link ProblemException}.
   */
  @Provider
  public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      return ProblemMappers.toResponse(e);
    }
  }

  static Response toResponse(WebApplicationException e) {
    Response response = e.getResponse();
    if (response.getMediaType() != null
        && Problem.MEDIA_TYPE.equals(response.getMediaType().toString())) {
      return response;
    }
    Throwable cause = e.getCause();
    BodyLimits.TooLarge tooLarge = find(e, BodyLimits.TooLarge.class);
    if (tooLarge != null) {
      return tooLarge.problem().toResponse();
    }
    if (cause instanceof JsonbException || cause instanceof JsonException) {
      return Problem.badRequest("The request body is not valid JSON for this endpoint.")
          .toResponse();
    }
    int status = response.getStatus();
    if (e instanceof NotFoundException && cause != null) {
      // JAX-RS answers 404 when a path or query parameter cannot be converted (e.g. "abc" for a
      // numeric id): that is the caller's mistake in a well-formed URL, so 400 naming it
      return badParameter(cause, e.getMessage());
    }
    if (status == 400 && cause != null && !(e instanceof ProblemException)) {
      return badParameter(cause, e.getMessage());
    }
    Problem problem =
        switch (status) {
          case 404 -> Problem.notFound("No such resource: check the URL.");
          case 405 ->
              Problem.of(405, "method-not-allowed", "Method not allowed")
                  .detail("This resource does not support this method; see the Allow header.");
          case 406 ->
              Problem.of(406, "not-acceptable", "Not acceptable")
                  .detail("This resource answers application/json.");
          case 415 ->
              Problem.of(415, "unsupported-media-type", "Unsupported media type")
                  .detail(
                      "Send the body with the Content-Type this endpoint accepts (application/json"
                          + " for JSON bodies).");
          default -> {
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known != null ? known.getReasonPhrase() : "Error";
            yield Problem.of(status, title.toLowerCase().replace(' ', '-'), title)
                .detail(title + ".");
          }
        };
    if (e instanceof NotAllowedException) {
      problem.header("Allow", String.join(", ", response.getAllowedMethods()));
    }
    return problem.toResponse();
  }

  private static Response badParameter(Throwable cause, String message) {
    String text = message == null ? "" : message;
    for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null) {
        text = text + " " + t.getMessage();
      }
    }
    Matcher m = PARAMETER.matcher(text);
    Problem problem = Problem.badRequest("A parameter of the URL has the wrong form.");
    if (m.find()) {
      String kind = m.group(1).toLowerCase();
      problem =
          Problem.of(400, "bad-parameter", "Bad parameter")
              .detail(
                  "The "
                      + kind
                      + " parameter '"
                      + m.group(2)
                      + "' has the wrong form (e.g. not a number).")
              .field(m.group(2), "has the wrong form (e.g. not a number, or out of range)");
    }
    return problem.toResponse();
  }

  /** The domain's refusals: not found 404, conflict 409, invalid input 422, with the fields. */
  @Provider
  public static class DomainMapper implements ExceptionMapper<DomainException> {
    @Override
    public Response toResponse(DomainException e) {
      return Problem.of(e).toResponse();
    }
  }

  /** Constraint violations raised outside the body reader (e.g. a validated method). */
  @Provider
  public static class ViolationMapper implements ExceptionMapper<ConstraintViolationException> {
    @Override
    public Response toResponse(ConstraintViolationException e) {
      return Violations.problem(e.getConstraintViolations()).toResponse();
    }
  }

  /** Reader failures the runtime wraps in ProcessingException. */
  @Provider
  public static class ProcessingMapper implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException e) {
      BodyLimits.TooLarge tooLarge = find(e, BodyLimits.TooLarge.class);
      if (tooLarge != null) {
        return tooLarge.problem().toResponse();
      }
      WebApplicationException inner = find(e, WebApplicationException.class);
      if (inner != null) {
        return ProblemMappers.toResponse(inner);
      }
      return Problem.badRequest("The request body could not be read.").toResponse();
    }
  }

  /** Two writers raced on the same row. */
  @Provider
  public static class OptimisticLockMapper implements ExceptionMapper<OptimisticLockException> {
    @Override
    public Response toResponse(OptimisticLockException e) {
      return Problem.conflict("The resource was changed concurrently; reload it and try again.")
          .toResponse();
    }
  }

  /** Anything else: a 500 that names the request id, logged with its stack trace. */
  @Provider
  public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      WebApplicationException web = find(e, WebApplicationException.class);
      if (web != null) {
        return ProblemMappers.toResponse(web);
      }
      BodyLimits.TooLarge tooLarge = find(e, BodyLimits.TooLarge.class);
      if (tooLarge != null) {
        return tooLarge.problem().toResponse();
      }
      DomainException domain = find(e, DomainException.class);
      if (domain != null) {
        return Problem.of(domain).toResponse();
      }
      if (find(e, OptimisticLockException.class) != null) {
        // two writers raced on one row, found at commit (wrapped by the transaction)
        return Problem.conflict("The resource was changed concurrently; reload it and try again.")
            .toResponse();
      }
      ConstraintViolationException violations = find(e, ConstraintViolationException.class);
      if (violations != null) {
        return Violations.problem(violations.getConstraintViolations()).toResponse();
      }
      if (find(e, JsonbException.class) != null || find(e, JsonException.class) != null) {
        return Problem.badRequest("The request body is not valid JSON for this endpoint.")
            .toResponse();
      }
      if (Transient.is(e)) {
        // the database (or its pool) is away: say so, and log it once per interval, not per call
        FAILURES.record("serving API requests (the database is unavailable)", e);
        return Problem.of(503, "unavailable", "Service unavailable")
            .detail("Parley cannot reach its database right now; try again shortly.")
            .header("Retry-After", "2")
            .toResponse();
      }
      LOG.log(Level.SEVERE, "Unexpected error in request " + RequestIds.current(), e);
      return Problem.of(500, "internal", "Internal error")
          .detail(
              "Parley could not complete the request; the log has details under the request id.")
          .toResponse();
    }
  }

  /** The first throwable of a type in a cause chain. */
  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  static String oneLine(String message) {
    return Texts.clip(message == null ? "" : message.replaceAll("\\s+", " ").trim(), 300);
  }
}
