package dev.parley.platform.rest;

import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.DomainException;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.json.Texts;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, plus the
 * request id and, for validation, the offending fields as JSON pointers.
 */
public final class Problem {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://parley.dev/problems/";
  private static final int MAX_DETAIL = 500;
  private static final int MAX_FIELDS = 50;

  /** One invalid input: where (JSON pointer like {@code #/email}) and what is wrong. */
  public record FieldError(String pointer, String detail) {}

  private final int status;
  private final String slug;
  private final String title;
  private String detail;
  private final List<FieldError> errors = new ArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Problem(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public static Problem of(int status, String slug, String title) {
    return new Problem(status, slug, title);
  }

  public static Problem badRequest(String detail) {
    return of(400, "bad-request", "Bad request").detail(detail);
  }

  public static Problem validation() {
    return of(422, "validation", "The request has invalid fields");
  }

  public static Problem unauthorized(String detail) {
    return of(401, "unauthorized", "Authentication required")
        .detail(detail)
        .header("WWW-Authenticate", "Bearer realm=\"parley\"");
  }

  public static Problem forbidden(String detail) {
    return of(403, "forbidden", "Not allowed").detail(detail);
  }

  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not found").detail(detail);
  }

  public static Problem conflict(String detail) {
    return of(409, "conflict", "Conflict").detail(detail);
  }

  public static Problem tooManyRequests(String detail) {
    return of(429, "rate-limited", "Too many requests").detail(detail).header("Retry-After", "5");
  }

  /** Over a rate limit: 429, and when to try again. */
  public static Problem tooManyRequests(String detail, long retryAfterSeconds) {
    return tooManyRequests(detail).header("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** A refusal of the domain: not found 404, conflict 409, invalid input 422, with its fields. */
  public static Problem of(DomainException e) {
    Problem problem;
    if (e instanceof NotFound) {
      problem = notFound(e.getMessage());
    } else if (e instanceof Conflict) {
      problem = conflict(e.getMessage());
    } else {
      problem = validation().detail(e.getMessage());
    }
    e.fields().forEach(problem::field);
    return problem;
  }

  /** The explanation; long texts (which may quote a caller's input) are cut. */
  public Problem detail(String detail) {
    this.detail = Texts.clip(detail, MAX_DETAIL);
    return this;
  }

  /** Names an offending field by its path inside the body ({@code tags/3}, or {@code ""}). */
  public Problem field(String field, String detail) {
    if (errors.size() < MAX_FIELDS) {
      errors.add(
          new FieldError(
              field.isEmpty() ? "#" : "#/" + Texts.clip(field, 120), Texts.clip(detail, 300)));
    }
    return this;
  }

  public Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The offending fields named so far. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public boolean hasFieldErrors() {
    return !errors.isEmpty();
  }

  public int status() {
    return status;
  }

  /** The status with its reason phrase, also for codes JAX-RS does not name (422). */
  private Response.StatusType statusType() {
    Response.Status known = Response.Status.fromStatusCode(status);
    if (known != null) {
      return known;
    }
    String phrase = status == 422 ? "Unprocessable Content" : title;
    return new Response.StatusType() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public Response.Status.Family getFamily() {
        return Response.Status.Family.familyOf(status);
      }

      @Override
      public String getReasonPhrase() {
        return phrase;
      }
    };
  }

  /** Throws this problem as a JAX-RS exception. */
  public ProblemException exception() {
    return new ProblemException(this);
  }

  /** The problem document. */
  public JsonObject toJson() {
    JsonObjectBuilder body =
        Jsons.object().add("type", TYPE_BASE + slug).add("title", title).add("status", status);
    if (detail != null) {
      body.add("detail", detail);
    }
    String requestId = RequestIds.current();
    if (requestId != null) {
      body.add("requestId", requestId);
    }
    if (!errors.isEmpty()) {
      JsonArrayBuilder array = Jsons.array();
      for (FieldError error : errors) {
        array.add(Jsons.object().add("pointer", error.pointer()).add("detail", error.detail()));
      }
      body.add("errors", array);
    }
    return body.build();
  }

  public Response toResponse() {
    Response.ResponseBuilder response =
        Response.status(statusType()).type(MEDIA_TYPE).entity(toJson().toString());
    headers.forEach(response::header);
    return response.build();
  }
}
