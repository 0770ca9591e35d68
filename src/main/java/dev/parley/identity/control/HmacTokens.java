package dev.parley.identity.control;

import dev.parley.platform.json.Jsons;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS (JWT) signing and verification with HMAC-SHA256, and nothing else: the algorithm is
 * fixed, so a token claiming {@code none} or an asymmetric algorithm is simply invalid.
 */
public final class HmacTokens {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private HmacTokens() {}

  public static String sign(String kid, byte[] key, JsonObject claims) {
    String header =
        Jsons.object().add("alg", "HS256").add("typ", "JWT").add("kid", kid).build().toString();
    String signingInput = encode(header) + "." + encode(claims.toString());
    return signingInput + "." + ENCODER.encodeToString(mac(key, signingInput));
  }

  /**
   * Verifies the signature with the key named by the token's {@code kid} and the expiry against
   * {@code nowEpochSeconds}; returns the claims when both hold.
   */
  public static Optional<JsonObject> verify(
      String token, Map<String, byte[]> keys, long nowEpochSeconds) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonObject header = parse(new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8));
      if (!"HS256".equals(header.getString("alg", null))) {
        return Optional.empty();
      }
      byte[] key = keys.get(header.getString("kid", ""));
      if (key == null) {
        return Optional.empty();
      }
      byte[] expected = mac(key, parts[0] + "." + parts[1]);
      if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
        return Optional.empty();
      }
      JsonObject claims = parse(new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8));
      if (!claims.containsKey("exp")
          || claims.getJsonNumber("exp").longValue() <= nowEpochSeconds) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The key id a token names, without verifying anything. */
  public static Optional<String> kid(String token) {
    try {
      String header =
          new String(
              DECODER.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
      return Optional.ofNullable(parse(header).getString("kid", null));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static JsonObject parse(String json) {
    return Jsons.read(json);
  }

  private static String encode(String json) {
    return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
