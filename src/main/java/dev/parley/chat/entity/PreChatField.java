package dev.parley.chat.entity;

import dev.parley.platform.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A field an inbox asks for before a chat starts. {@code name} and {@code email} are the built-in
 * keys; others are the inbox's custom fields.
 */
public record PreChatField(
    String key, String label, Type type, boolean required, List<String> options) {

  public enum Type {
    TEXT,
    EMAIL,
    SELECT
  }

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}");
  public static final int MAX_VALUE_LENGTH = 500;

  public PreChatField {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("key must be lower-case letters, digits or _ (1-40)");
    }
    if (type == Type.SELECT && (options == null || options.isEmpty())) {
      throw new IllegalArgumentException("a select field needs options");
    }
    options = options == null ? List.of() : List.copyOf(options);
    label = label == null || label.isBlank() ? key : label;
  }

  /**
   * Checks the values a visitor submitted against the fields; returns the accepted values, trimmed.
   *
   * @throws IllegalArgumentException naming the first wrong field as {@code key: problem}
   */
  public static Map<String, String> accept(List<PreChatField> fields, JsonObject submitted) {
    Map<String, String> accepted = new LinkedHashMap<>();
    JsonObject values = submitted == null ? JsonValue.EMPTY_JSON_OBJECT : submitted;
    for (String key : values.keySet()) {
      if (fields.stream().noneMatch(f -> f.key().equals(key))) {
        throw new IllegalArgumentException(key + ": this inbox does not ask for it");
      }
    }
    for (PreChatField field : fields) {
      JsonValue raw = values.get(field.key());
      String value =
          raw instanceof JsonString s
              ? s.getString().trim()
              : raw == null || raw == JsonValue.NULL ? "" : null;
      if (value == null) {
        throw new IllegalArgumentException(field.key() + ": must be a string");
      }
      if (value.isEmpty()) {
        if (field.required()) {
          throw new IllegalArgumentException(field.key() + ": is required");
        }
        continue;
      }
      if (value.length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            field.key() + ": at most " + MAX_VALUE_LENGTH + " characters");
      }
      if (field.type() == Type.EMAIL && !EMAIL.matcher(value).matches()) {
        throw new IllegalArgumentException(field.key() + ": is not an email address");
      }
      if (field.type() == Type.SELECT && !field.options().contains(value)) {
        throw new IllegalArgumentException(field.key() + ": must be one of " + field.options());
      }
      accepted.put(field.key(), value);
    }
    return accepted;
  }

  public static List<PreChatField> parseAll(JsonArray array) {
    List<PreChatField> fields = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject f = array.getJsonObject(i);
      Type type;
      try {
        type = Type.valueOf(f.getString("type", "text").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("[" + i + "].type must be text, email or select");
      }
      List<String> options =
          f.containsKey("options")
              ? f.getJsonArray("options").getValuesAs(JsonString.class).stream()
                  .map(JsonString::getString)
                  .toList()
              : List.of();
      try {
        fields.add(
            new PreChatField(
                f.getString("key", null),
                f.getString("label", null),
                type,
                f.getBoolean("required", false),
                options));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("[" + i + "]." + e.getMessage());
      }
    }
    if (fields.stream().map(PreChatField::key).distinct().count() != fields.size()) {
      throw new IllegalArgumentException("keys must be unique");
    }
    return fields;
  }

  public static List<PreChatField> parseAll(String json) {
    return parseAll(Jsons.readArray(json));
  }

  public static JsonArray toJson(List<PreChatField> fields) {
    JsonArrayBuilder array = Jsons.array();
    for (PreChatField f : fields) {
      JsonObjectBuilder o =
          Jsons.object()
              .add("key", f.key())
              .add("label", f.label())
              .add("type", f.type().name().toLowerCase(Locale.ROOT))
              .add("required", f.required());
      if (!f.options().isEmpty()) {
        o.add("options", Jsons.array(f.options()));
      }
      array.add(o);
    }
    return array.build();
  }
}
