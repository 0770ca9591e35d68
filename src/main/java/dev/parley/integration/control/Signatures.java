package dev.parley.integration.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (standardwebhooks.com): a secret is {@code whsec_} and the base64 of
 * its key; a message is signed as {@code v1,} and the base64 HMAC-SHA256 of {@code
 * id.timestamp.body}; several signatures (a rotation's overlap) are separated by spaces.
 */
public final class Signatures {

  public static final String PREFIX = "whsec_";

  private Signatures() {}

  /** A new secret: 24 random bytes, as the reference libraries make them. */
  public static String newSecret() {
    return PREFIX
        + Base64.getEncoder().encodeToString(dev.parley.identity.control.Secrets.randomBytes(24));
  }

  /** The {@code webhook-signature} header: one {@code v1,…} per secret. */
  public static String header(List<String> secrets, String id, long timestamp, String body) {
    return secrets.stream()
        .map(s -> "v1," + sign(s, id, timestamp, body))
        .collect(Collectors.joining(" "));
  }

  /** The base64 HMAC-SHA256 of {@code id.timestamp.body} under a {@code whsec_} secret. */
  public static String sign(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      byte[] signed =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether a signature header holds a valid signature of the message under the secret. */
  public static boolean verify(
      String secret, String id, long timestamp, String body, String header) {
    byte[] expected = sign(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    for (String part : header.split(" ")) {
      if (part.startsWith("v1,")
          && MessageDigest.isEqual(
              expected, part.substring(3).getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] key(String secret) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    return Base64.getDecoder().decode(encoded);
  }
}
