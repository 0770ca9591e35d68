package dev.parley.platform.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks that a parsed JSON document has the shape a Java type expects before JSON-B binds it, so
 * that a wrong type anywhere (an array for an object, a string for a number, a number beyond a
 * {@code long}) is reported with its JSON pointer instead of failing inside the binder. It also
 * refuses text no store can keep: NUL characters and unpaired UTF-16 surrogates, in values and in
 * names.
 *
 * <p>Supported: records (their components by name), {@code String}, booleans, integral and decimal
 * numbers, {@code List}/{@code Set} of a supported type, {@code Map<String, T>}, and JSON-P values
 * ({@code JsonValue}, {@code JsonObject}, {@code JsonArray}) for free-form parts. Unknown members
 * are ignored, as JSON-B ignores them.
 */
public final class JsonShapes {

  /** One misfit: where (a JSON pointer without the leading {@code #}) and what was expected. */
  public record Misfit(String pointer, String detail) {}

  private static final int MAX_REPORTED = 50;

  private JsonShapes() {}

  /** The misfits of a document against a type; empty when it fits. */
  public static List<Misfit> check(JsonValue value, Type type) {
    List<Misfit> misfits = new ArrayList<>();
    check(value, type, "", misfits);
    return misfits;
  }

  /** Only the text checks (NUL, unpaired surrogates), for free-form documents. */
  public static List<Misfit> checkText(JsonValue value) {
    List<Misfit> misfits = new ArrayList<>();
    text(value, "", misfits);
    return misfits;
  }

  private static void check(JsonValue value, Type type, String at, List<Misfit> out) {
    if (out.size() >= MAX_REPORTED) {
      return;
    }
    if (value == null || value == JsonValue.NULL) {
      Class<?> raw = raw(type);
      if (raw.isPrimitive()) {
        out.add(new Misfit(at, "must not be null"));
      }
      return;
    }
    Class<?> raw = raw(type);
    if (raw == Object.class) {
      text(value, at, out);
      return;
    }
    if (JsonValue.class.isAssignableFrom(raw)) {
      if (raw == JsonObject.class && !(value instanceof JsonObject)) {
        out.add(new Misfit(at, "must be an object"));
      } else if (raw == JsonArray.class && !(value instanceof JsonArray)) {
        out.add(new Misfit(at, "must be an array"));
      } else if (raw == JsonStructure.class && !(value instanceof JsonStructure)) {
        out.add(new Misfit(at, "must be an object or an array"));
      } else {
        text(value, at, out);
      }
      return;
    }
    if (raw == String.class) {
      if (value instanceof JsonString s) {
        textual(s.getString(), at, out);
      } else {
        out.add(new Misfit(at, "must be a string"));
      }
    } else if (raw == boolean.class || raw == Boolean.class) {
      if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
        out.add(new Misfit(at, "must be true or false"));
      }
    } else if (integral(raw)) {
      integer(value, raw, at, out);
    } else if (raw == double.class
        || raw == Double.class
        || raw == float.class
        || raw == Float.class
        || raw == BigDecimal.class) {
      if (!(value instanceof JsonNumber n)) {
        out.add(new Misfit(at, "must be a number"));
      } else if (raw != BigDecimal.class && Double.isInfinite(n.doubleValue())) {
        out.add(new Misfit(at, "is too large"));
      }
    } else if (raw.isEnum()) {
      if (!(value instanceof JsonString s)) {
        out.add(new Misfit(at, "must be a string"));
      } else if (!names(raw).contains(s.getString())) {
        out.add(new Misfit(at, "must be one of " + names(raw)));
      }
    } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      if (!(value instanceof JsonArray array)) {
        out.add(new Misfit(at, "must be an array"));
        return;
      }
      Type element = elementType(type);
      for (int i = 0; i < array.size(); i++) {
        check(array.get(i), element, at + "/" + i, out);
        if (array.get(i) == JsonValue.NULL) {
          out.add(new Misfit(at + "/" + i, "must not be null"));
        }
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      if (!(value instanceof JsonObject object)) {
        out.add(new Misfit(at, "must be an object"));
        return;
      }
      Type valueType = typeArgument(type, 1);
      for (Map.Entry<String, JsonValue> member : object.entrySet()) {
        String name = escape(member.getKey());
        textual(member.getKey(), at + "/" + name, out);
        check(member.getValue(), valueType, at + "/" + name, out);
      }
    } else if (raw.isRecord()) {
      if (!(value instanceof JsonObject object)) {
        out.add(new Misfit(at, "must be an object"));
        return;
      }
      for (String name : object.keySet()) {
        textual(name, at + "/" + escape(name), out);
      }
      for (RecordComponent component : raw.getRecordComponents()) {
        JsonValue member = object.get(component.getName());
        if (member != null) {
          check(member, component.getGenericType(), at + "/" + component.getName(), out);
        }
      }
    } else {
      // a type JSON-B binds from its own text form (e.g. a time): it must at least be text
      if (!(value instanceof JsonString)) {
        out.add(new Misfit(at, "must be a string"));
      }
    }
  }

  private static void integer(JsonValue value, Class<?> raw, String at, List<Misfit> out) {
    if (!(value instanceof JsonNumber n)) {
      out.add(new Misfit(at, "must be a whole number"));
      return;
    }
    BigDecimal decimal = n.bigDecimalValue();
    BigInteger whole;
    try {
      whole = decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      out.add(new Misfit(at, "must be a whole number"));
      return;
    }
    long min;
    long max;
    if (raw == int.class || raw == Integer.class) {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else if (raw == short.class || raw == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else {
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    }
    if (whole.compareTo(BigInteger.valueOf(min)) < 0
        || whole.compareTo(BigInteger.valueOf(max)) > 0) {
      out.add(new Misfit(at, "is out of range"));
    }
  }

  /** Walks a free-form value for text no store can keep. */
  private static void text(JsonValue value, String at, List<Misfit> out) {
    if (out.size() >= MAX_REPORTED) {
      return;
    }
    if (value instanceof JsonString s) {
      textual(s.getString(), at, out);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        text(array.get(i), at + "/" + i, out);
      }
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, JsonValue> member : object.entrySet()) {
        String name = escape(member.getKey());
        textual(member.getKey(), at + "/" + name, out);
        text(member.getValue(), at + "/" + name, out);
      }
    }
  }

  /** Refuses NUL and unpaired surrogates: PostgreSQL and UTF-8 cannot hold them. */
  private static void textual(String text, String at, List<Misfit> out) {
    String problem = Texts.unstorable(text);
    if (problem != null) {
      out.add(new Misfit(at, problem));
    }
  }

  private static boolean integral(Class<?> raw) {
    return raw == int.class
        || raw == Integer.class
        || raw == long.class
        || raw == Long.class
        || raw == short.class
        || raw == Short.class
        || raw == BigInteger.class;
  }

  private static List<String> names(Class<?> enumType) {
    List<String> names = new ArrayList<>();
    for (Object constant : enumType.getEnumConstants()) {
      names.add(((Enum<?>) constant).name());
    }
    return names;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType) {
      return Object[].class;
    }
    return Object.class;
  }

  private static Type elementType(Type type) {
    if (type instanceof Class<?> c && c.isArray()) {
      return c.getComponentType();
    }
    if (type instanceof GenericArrayType g) {
      return g.getGenericComponentType();
    }
    return typeArgument(type, 0);
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  /** RFC 6901 escaping of a member name in a pointer. */
  static String escape(String name) {
    String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
    return shown.replace("~", "~0").replace("/", "~1");
  }
}
