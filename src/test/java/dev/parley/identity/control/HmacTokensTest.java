package dev.parley.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ID-6: visitor tokens are HS256-signed, expire, and verify with any unretired key. */
class HmacTokensTest {

  private static final byte[] KEY_A =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_B =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
  private static final long NOW = 1_800_000_000L;

  private static JsonObject claims(long exp) {
    return Json.createObjectBuilder()
        .add("sub", "visitor-1")
        .add("inbox", "demo")
        .add("exp", exp)
        .build();
  }

  @Test
  void aSignedTokenVerifies() {
    String token = HmacTokens.sign("a", KEY_A, claims(NOW + 60));
    JsonObject verified = HmacTokens.verify(token, Map.of("a", KEY_A), NOW).orElseThrow();
    assertEquals("visitor-1", verified.getString("sub"));
    assertEquals("a", HmacTokens.kid(token).orElseThrow());
  }

  @Test
  void anExpiredTokenDoesNot() {
    String token = HmacTokens.sign("a", KEY_A, claims(NOW));
    assertTrue(HmacTokens.verify(token, Map.of("a", KEY_A), NOW).isEmpty());
  }

  @Test
  void aTamperedPayloadDoesNot() {
    String token = HmacTokens.sign("a", KEY_A, claims(NOW + 60));
    String[] parts = token.split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims(NOW + 60)
                    .toString()
                    .replace("visitor-1", "visitor-2")
                    .getBytes(StandardCharsets.UTF_8));
    assertTrue(
        HmacTokens.verify(parts[0] + "." + forged + "." + parts[2], Map.of("a", KEY_A), NOW)
            .isEmpty());
  }

  @Test
  void anotherKeyUnderTheSameIdDoesNot() {
    String token = HmacTokens.sign("a", KEY_A, claims(NOW + 60));
    assertTrue(HmacTokens.verify(token, Map.of("a", KEY_B), NOW).isEmpty());
    assertTrue(HmacTokens.verify(token, Map.of("b", KEY_A), NOW).isEmpty());
  }

  @Test
  void rotationKeepsOldTokensValidUntilTheirKeyIsRetired() {
    String old = HmacTokens.sign("a", KEY_A, claims(NOW + 60));
    String fresh = HmacTokens.sign("b", KEY_B, claims(NOW + 60));
    Map<String, byte[]> ring = Map.of("a", KEY_A, "b", KEY_B);
    assertTrue(HmacTokens.verify(old, ring, NOW).isPresent());
    assertTrue(HmacTokens.verify(fresh, ring, NOW).isPresent());
    assertTrue(HmacTokens.verify(old, Map.of("b", KEY_B), NOW).isEmpty());
  }

  @Test
  void theNoneAlgorithmIsRefused() {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"kid\":\"a\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims(NOW + 60).toString().getBytes(StandardCharsets.UTF_8));
    assertTrue(HmacTokens.verify(header + "." + payload + ".", Map.of("a", KEY_A), NOW).isEmpty());
    assertTrue(HmacTokens.verify(header + "." + payload + ".x", Map.of("a", KEY_A), NOW).isEmpty());
  }

  @Test
  void garbageIsRefused() {
    assertTrue(HmacTokens.verify("not-a-token", Map.of("a", KEY_A), NOW).isEmpty());
    assertTrue(HmacTokens.verify("a.b.c", Map.of("a", KEY_A), NOW).isEmpty());
    assertTrue(HmacTokens.verify(null, Map.of("a", KEY_A), NOW).isEmpty());
  }
}
