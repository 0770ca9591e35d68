package dev.parley.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password hashing with PBKDF2-HMAC-SHA256, a random 16-byte salt and a configurable work factor
 * ({@code parley.password.iterations}, OWASP's 310,000 by default). The stored form names its
 * algorithm and iterations ({@code pbkdf2-sha256$310000$salt$hash}) so the factor can be raised
 * later without invalidating existing hashes.
 */
@ApplicationScoped
public class Passwords {

  private static final String ALGORITHM = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  @Inject
  @ConfigProperty(name = "parley.password.iterations", defaultValue = "310000")
  int iterations;

  @Inject
  @ConfigProperty(name = "parley.password.min-length", defaultValue = "12")
  int minLength;

  /** A hash of a password nobody knows, verified against for unknown emails (equal timing). */
  private volatile String decoy;

  public Passwords() {}

  Passwords(int iterations, int minLength) {
    this.iterations = iterations;
    this.minLength = minLength;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return ALGORITHM
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  public boolean verify(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !ALGORITHM.equals(parts[0])) {
      return false;
    }
    int rounds = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, pbkdf2(password, salt, rounds));
  }

  /** Spends the time of a real verification, so a missing account cannot be told by timing. */
  public void verifyDecoy(String password) {
    if (decoy == null) {
      decoy = hash(generate(24));
    }
    verify(password == null ? "" : password, decoy);
  }

  /** Why the password is not acceptable, or null when it is. */
  public String weakness(String password) {
    if (password == null || password.length() < minLength) {
      return "must be at least " + minLength + " characters long";
    }
    if (password.length() > 256) {
      return "must be at most 256 characters long";
    }
    if (password.chars().distinct().count() < 5) {
      return "must use at least 5 different characters";
    }
    return null;
  }

  /** A random password of unambiguous letters and digits. */
  public static String generate(int length) {
    StringBuilder password = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  private static byte[] pbkdf2(String password, byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }
}
