package dev.parley.platform.json;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.util.Collection;
import java.util.Map;

/**
 * JSON builders and readers from factories made once. {@code Json.createObjectBuilder()} and its
 * siblings look the provider up on every call (a service lookup through the class loader), which a
 * chat message, built into several envelopes, cannot afford: profiling the chat benchmark showed
 * it.
 */
public final class Jsons {

  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private Jsons() {}

  public static JsonObjectBuilder object() {
    return BUILDERS.createObjectBuilder();
  }

  public static JsonObjectBuilder object(JsonObject from) {
    return BUILDERS.createObjectBuilder(from);
  }

  public static JsonArrayBuilder array() {
    return BUILDERS.createArrayBuilder();
  }

  public static JsonArrayBuilder array(Collection<?> from) {
    return BUILDERS.createArrayBuilder(from);
  }

  /** Parses a JSON object. */
  public static JsonObject read(String text) {
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  public static JsonArray readArray(String text) {
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readArray();
    }
  }
}
