package dev.parley.platform.rest;

import dev.parley.platform.json.JsonShapes;
import dev.parley.platform.json.Texts;
import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every JSON request body of the API, whatever the endpoint binds it to, in one way:
 *
 * <ol>
 *   <li>the bytes, already capped by {@link BodyLimits} (413 past the cap);
 *   <li>an empty body is a 400, unless the parameter is {@link OptionalBody};
 *   <li>parsed as JSON (400 with the position when it is not JSON, or nested too deeply);
 *   <li>its shape checked against the target type: a wrong type anywhere, a number out of range, a
 *       NUL character or an unpaired surrogate is a 422 naming the JSON pointer ({@link
 *       JsonShapes});
 *   <li>bound by JSON-B (records) or handed over as JSON-P (merge patches);
 *   <li>a record's Jakarta Validation constraints checked: violations are a 422 naming each field.
 * </ol>
 *
 * So no request body reaches a resource method, or the database, unchecked.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
@Priority(Priorities.USER - 500)
public class JsonBodies implements MessageBodyReader<Object> {

  /** Parsson's own bound on nesting; deeper documents are refused before they are built. */
  private static final int MAX_DEPTH = 64;

  private static final JsonReaderFactory READERS =
      Json.createReaderFactory(Map.of("org.eclipse.parsson.maxDepth", MAX_DEPTH));

  private static final class Binding {
    static final Jsonb JSONB = JsonbBuilder.create();
  }

  private static final class Validating {
    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type != String.class
        && type != byte[].class
        && !InputStream.class.isAssignableFrom(type)
        && (type.isRecord()
            || JsonValue.class.isAssignableFrom(type)
            || List.class.isAssignableFrom(type)
            || Set.class.isAssignableFrom(type)
            || Map.class.isAssignableFrom(type));
  }

  @Override
  public Object readFrom(
      Class<Object> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream entity)
      throws IOException {
    byte[] bytes;
    try {
      bytes = entity.readAllBytes();
    } catch (BodyLimits.TooLarge e) {
      throw e.problem().exception();
    }
    if (isBlank(bytes)) {
      if (optional(annotations)) {
        return null;
      }
      throw Problem.badRequest("A JSON body is required.").exception();
    }
    JsonValue document = parse(bytes);
    if (document == JsonValue.NULL) {
      if (optional(annotations)) {
        return null;
      }
      throw Problem.badRequest("The body must be " + expected(type) + ", not null.").exception();
    }
    List<JsonShapes.Misfit> misfits = JsonShapes.check(document, genericType);
    if (!misfits.isEmpty()) {
      throw misfit(misfits).exception();
    }
    if (JsonValue.class.isAssignableFrom(type)) {
      return document;
    }
    Object bound;
    try {
      bound = Binding.JSONB.fromJson(document.toString(), genericType);
    } catch (JsonbException e) {
      throw Problem.badRequest(
              "The body does not fit this endpoint: " + Texts.clip(rootMessage(e), 200))
          .exception();
    }
    if (bound != null && type.isRecord()) {
      validate(bound);
    }
    return bound;
  }

  private static String expected(Class<?> type) {
    if (JsonArray.class.isAssignableFrom(type)
        || List.class.isAssignableFrom(type)
        || Set.class.isAssignableFrom(type)) {
      return "a JSON array";
    }
    return "a JSON object";
  }

  /** Checks a bound body's constraints; a 422 naming every violated field. */
  public static void validate(Object body) {
    Set<ConstraintViolation<Object>> violations = Validating.VALIDATOR.validate(body);
    if (!violations.isEmpty()) {
      throw Violations.problem(violations).exception();
    }
  }

  private static Problem misfit(List<JsonShapes.Misfit> misfits) {
    if (misfits.size() == 1 && misfits.get(0).pointer().isEmpty()) {
      return Problem.badRequest("The body " + misfits.get(0).detail() + ".");
    }
    Problem problem = Problem.validation().detail("Some fields have the wrong type or value.");
    for (JsonShapes.Misfit m : misfits) {
      problem.field(m.pointer().isEmpty() ? "" : m.pointer().substring(1), m.detail());
    }
    return problem;
  }

  static JsonValue parse(byte[] bytes) {
    try (JsonReader reader =
        READERS.createReader(
            new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
      return reader.readValue();
    } catch (JsonParsingException e) {
      var where = e.getLocation();
      throw Problem.badRequest(
              "The body is not valid JSON"
                  + (where == null
                      ? ""
                      : " (line " + where.getLineNumber() + ", column " + where.getColumnNumber())
                  + ")"
                  + ": "
                  + Texts.clip(e.getMessage(), 160))
          .exception();
    } catch (RuntimeException e) {
      // JsonException, or the parser's own "too deeply nested" and similar refusals
      throw Problem.badRequest("The body is not valid JSON: " + Texts.clip(rootMessage(e), 160))
          .exception();
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean optional(Annotation[] annotations) {
    if (annotations != null) {
      for (Annotation a : annotations) {
        if (a instanceof OptionalBody) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
