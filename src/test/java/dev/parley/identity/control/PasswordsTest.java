package dev.parley.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ID-1: passwords are salted PBKDF2 hashes that name their work factor. */
class PasswordsTest {

  private final Passwords passwords = new Passwords(1_000, 12);

  @Test
  void aHashVerifiesItsPasswordOnly() {
    String hash = passwords.hash("correct horse battery");
    assertTrue(passwords.verify("correct horse battery", hash));
    assertFalse(passwords.verify("correct horse batterY", hash));
    assertFalse(passwords.verify("", hash));
    assertFalse(passwords.verify(null, hash));
  }

  @Test
  void theStoredFormNamesAlgorithmAndWorkFactorAndNeverThePassword() {
    String hash = passwords.hash("correct horse battery");
    String[] parts = hash.split("\\$");
    assertEquals(4, parts.length);
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals("1000", parts[1]);
    assertFalse(hash.contains("correct"));
  }

  @Test
  void equalPasswordsGetDifferentSalts() {
    assertNotEquals(
        passwords.hash("correct horse battery"), passwords.hash("correct horse battery"));
  }

  @Test
  void aRaisedWorkFactorStillVerifiesOldHashes() {
    String old = passwords.hash("correct horse battery");
    Passwords stronger = new Passwords(2_000, 12);
    assertTrue(stronger.verify("correct horse battery", old));
    assertTrue(stronger.hash("x").contains("$2000$"));
  }

  @Test
  void malformedHashesNeverVerify() {
    assertFalse(passwords.verify("x", "plain"));
    assertFalse(passwords.verify("x", "md5$1$a$b"));
  }

  @Test
  void weakPasswordsAreExplained() {
    assertNotNull(passwords.weakness("short"));
    assertNotNull(passwords.weakness("aaaaaaaaaaaaaaaa"));
    assertNotNull(passwords.weakness("a".repeat(300)));
    assertNull(passwords.weakness("correct horse battery"));
  }

  @Test
  void generatedPasswordsAreRandomAndLongEnough() {
    String one = Passwords.generate(20);
    assertEquals(20, one.length());
    assertNotEquals(one, Passwords.generate(20));
    assertNull(passwords.weakness(one));
  }
}
