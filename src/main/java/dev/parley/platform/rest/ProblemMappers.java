package dev.parley.platform.rest;

import dev.parley.platform.errors.DomainException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every error leaves the API as {@code application/problem+json}, never as an HTML page. */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  /**
   * JAX-RS's own exceptions (404 for unknown paths, 405, 415, ...) and {@link ProblemException}.
   */
  @Provider
  public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response response = e.getResponse();
      if (response.getMediaType() != null
          && Problem.MEDIA_TYPE.equals(response.getMediaType().toString())) {
        return response;
      }
      int status = response.getStatus();
      if (e.getCause() instanceof JsonbException || e.getCause() instanceof JsonException) {
        return Problem.badRequest(
                "The request body is not valid JSON for this endpoint: "
                    + oneLine(e.getCause().getMessage()))
            .toResponse();
      }
      Response.Status known = Response.Status.fromStatusCode(status);
      String title = known != null ? known.getReasonPhrase() : "Error";
      Problem problem =
          Problem.of(status, title.toLowerCase().replace(' ', '-'), title)
              .detail(status == 404 ? "No such resource: check the URL." : oneLine(e.getMessage()));
      if (e instanceof NotAllowedException) {
        problem.header("Allow", String.join(", ", response.getAllowedMethods()));
      }
      return problem.toResponse();
    }
  }

  /** The domain's refusals: not found 404, conflict 409, invalid input 422, with the fields. */
  @Provider
  public static class DomainMapper implements ExceptionMapper<DomainException> {
    @Override
    public Response toResponse(DomainException e) {
      return Problem.of(e).toResponse();
    }
  }

  /** Reader failures the runtime wraps in ProcessingException. */
  @Provider
  public static class ProcessingMapper implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException e) {
      return Problem.badRequest("The request body could not be read: " + oneLine(rootMessage(e)))
          .toResponse();
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
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        if (root instanceof WebApplicationException wae) {
          return new WebApplicationMapper().toResponse(wae);
        }
        root = root.getCause();
      }
      if (root instanceof JsonbException || root instanceof JsonException) {
        return Problem.badRequest(
                "The request body is not valid JSON: " + oneLine(root.getMessage()))
            .toResponse();
      }
      LOG.log(Level.SEVERE, "Unexpected error in request " + RequestIds.current(), e);
      return Problem.of(500, "internal", "Internal error")
          .detail(
              "Parley could not complete the request; the log has details under the request id.")
          .toResponse();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
