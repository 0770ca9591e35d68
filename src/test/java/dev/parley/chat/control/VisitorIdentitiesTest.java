package dev.parley.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CH-11: the signature a website computes, and what a visitor id says about verification. */
class VisitorIdentitiesTest {

  @Test
  void theSignatureIsHexHmacSha256OfTheExternalId() {
    // RFC 4231-style known answer (key "key", the quick brown fox)
    assertEquals(
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        VisitorIdentities.sign("key", "The quick brown fox jumps over the lazy dog"));
  }

  @Test
  void aSignatureMatchesInAnyCaseAndNothingElseMatches() {
    String signature = VisitorIdentities.sign("ivs_secret", "user-42");
    assertTrue(VisitorIdentities.matches("ivs_secret", "user-42", signature));
    assertTrue(VisitorIdentities.matches("ivs_secret", "user-42", signature.toUpperCase()));
    assertFalse(VisitorIdentities.matches("ivs_secret", "user-43", signature));
    assertFalse(VisitorIdentities.matches("ivs_other", "user-42", signature));
    assertFalse(VisitorIdentities.matches("ivs_secret", "user-42", signature.substring(1)));
    assertFalse(VisitorIdentities.matches("ivs_secret", "user-42", ""));
  }

  @Test
  void onlyVisitorIdsOfVerifiedVisitorsNameAContact() {
    assertEquals(Optional.of(17L), VisitorIdentities.contactOf("c_17"));
    assertEquals(Optional.empty(), VisitorIdentities.contactOf("v_0123abcd"));
    assertEquals(Optional.empty(), VisitorIdentities.contactOf("c_x"));
    assertEquals(Optional.empty(), VisitorIdentities.contactOf(null));
  }
}
