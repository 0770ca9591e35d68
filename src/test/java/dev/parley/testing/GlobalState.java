package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a test that calls every operation blindly may change for everyone, put back as it was when
 * it is closed: custom ticket fields (no longer required to solve, inactive), SLA policies, topics
 * and articles. Tests that create only their own objects do not need it.
 */
public final class GlobalState implements AutoCloseable {

  private final String admin;
  private final Set<Long> fields;
  private final JsonArray policies;
  private final Set<Long> topics;
  private final Set<Long> articles;

  private GlobalState(String admin) {
    this.admin = admin;
    this.fields = ids(Parley.get("/api/v1/ticket-fields", admin).array());
    this.policies = Parley.get("/api/v1/sla-policies", admin).array();
    this.topics = ids(Parley.get("/api/v1/topics", admin).array());
    this.articles = articleIds(admin);
  }

  public static GlobalState snapshot() {
    return new GlobalState(Parley.admin());
  }

  @Override
  public void close() {
    for (JsonValue f : Parley.get("/api/v1/ticket-fields", admin).array()) {
      long id = f.asJsonObject().getJsonNumber("id").longValue();
      if (!fields.contains(id)) {
        Parley.call(
            "PATCH",
            "/api/v1/ticket-fields/" + id,
            admin,
            "{\"requiredToSolve\":false,\"active\":false}");
      }
    }
    for (JsonValue p : policies) {
      JsonObject policy = p.asJsonObject();
      JsonObjectBuilder body = Json.createObjectBuilder();
      for (String metric : List.of("firstResponse", "nextResponse", "resolution")) {
        body.add(metric, policy.containsKey(metric) ? policy.get(metric) : JsonValue.NULL);
      }
      Parley.call(
          "PUT",
          "/api/v1/sla-policies/" + policy.getString("priority"),
          admin,
          body.build().toString());
    }
    for (JsonValue t : Parley.get("/api/v1/topics", admin).array()) {
      long id = t.asJsonObject().getJsonNumber("id").longValue();
      if (!topics.contains(id)) {
        Parley.call("DELETE", "/api/v1/topics/" + id, admin, null);
      }
    }
    for (long id : articleIds(admin)) {
      if (!articles.contains(id)) {
        Parley.call("DELETE", "/api/v1/articles/" + id, admin, null);
      }
    }
  }

  private static Set<Long> ids(JsonArray array) {
    Set<Long> ids = new HashSet<>();
    for (JsonValue v : array) {
      ids.add(v.asJsonObject().getJsonNumber("id").longValue());
    }
    return ids;
  }

  private static Set<Long> articleIds(String admin) {
    Set<Long> ids = new HashSet<>();
    for (int offset = 0; ; offset += 200) {
      JsonArray page = Parley.get("/api/v1/articles?limit=200&offset=" + offset, admin).array();
      ids.addAll(ids(page));
      if (page.size() < 200) {
        return ids;
      }
    }
  }
}
