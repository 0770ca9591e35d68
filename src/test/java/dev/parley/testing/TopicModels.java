package dev.parley.testing;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Optional;

/** Waits for Parley's background training of a topic set (TR-6). */
public final class TopicModels {

  private TopicModels() {}

  /**
   * The set of an inbox (null: the topics of every inbox) as {@code GET /topics/model} shows it.
   */
  public static Optional<JsonObject> set(Long inbox) {
    JsonObject model = Parley.get("/api/v1/topics/model", Parley.admin()).json();
    return model.getJsonArray("sets").getValuesAs(JsonObject.class).stream()
        .filter(
            s ->
                inbox == null
                    ? s.get("inbox").getValueType() == JsonValue.ValueType.NULL
                    : s.get("inbox").getValueType() == JsonValue.ValueType.NUMBER
                        && s.getJsonNumber("inbox").longValue() == inbox)
        .findFirst();
  }

  /** Waits until the set's latest requested generation is trained; returns the set. */
  public static JsonObject awaitTrained(Long inbox) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> set(inbox).orElse(null),
            s ->
                s != null
                    && ("ready".equals(s.getString("state"))
                        || "empty".equals(s.getString("state")))
                    && s.getJsonNumber("trained").longValue()
                        == s.getJsonNumber("requested").longValue());
  }
}
