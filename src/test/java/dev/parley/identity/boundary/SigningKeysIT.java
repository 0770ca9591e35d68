package dev.parley.identity.boundary;

import static dev.parley.testing.Parley.get;
import static dev.parley.testing.Parley.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ID-6: the visitor-token key exists from the first start and rotates without secrets leaving. */
class SigningKeysIT {

  @Test
  void rotationAddsASigningKeyAndRetirementRemovesTheOldOnes() {
    String admin = Parley.admin();
    List<JsonObject> before =
        get("/api/v1/signing-keys", admin).array().stream().map(JsonValue::asJsonObject).toList();
    assertTrue(
        before.stream().anyMatch(k -> k.getBoolean("signing")),
        "a key exists from the first start");
    assertTrue(before.stream().noneMatch(k -> k.containsKey("secret")));

    String rotated = post("/api/v1/signing-keys/rotate", admin, null).json().getString("kid");
    List<JsonObject> after =
        get("/api/v1/signing-keys", admin).array().stream().map(JsonValue::asJsonObject).toList();
    assertEquals(before.size() + 1, after.size());
    assertTrue(
        after.stream()
            .anyMatch(k -> k.getString("kid").equals(rotated) && k.getBoolean("signing")));

    assertEquals(200, post("/api/v1/signing-keys/retire-old", admin, null).status());
    List<JsonObject> retired =
        get("/api/v1/signing-keys", admin).array().stream().map(JsonValue::asJsonObject).toList();
    assertEquals(1, retired.size());
    assertEquals(rotated, retired.get(0).getString("kid"));
  }
}
