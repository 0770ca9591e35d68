package dev.parley.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.InContainer;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ID-6, in the container: visitor tokens signed with the key generated on first start, rotation
 * that keeps earlier tokens valid, and retirement that ends them.
 */
@ExtendWith(ArquillianExtension.class)
class VisitorTokensInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(VisitorTokensInContainerIT.class);
  }

  @Inject VisitorTokens tokens;
  @Inject SigningKeys keys;

  @Test
  void aTokenNamesItsVisitorAndInbox() {
    String token = tokens.issue("visitor-42", "demo");
    VisitorTokens.VisitorClaims claims = tokens.verify(token).orElseThrow();
    assertEquals("visitor-42", claims.visitorId());
    assertEquals("demo", claims.inbox());
    assertTrue(
        tokens.verify(token.substring(0, token.length() - 2) + "xx").isEmpty(),
        "a forged signature");
  }

  @Test
  void rotationKeepsOldTokensUntilRetirement() {
    String before = tokens.issue("visitor-1", "demo");
    String oldKid = HmacTokens.kid(before).orElseThrow();

    String newKid = keys.rotate().kid();
    assertNotEquals(oldKid, newKid);
    String after = tokens.issue("visitor-2", "demo");
    assertEquals(newKid, HmacTokens.kid(after).orElseThrow(), "the new key signs");
    assertTrue(tokens.verify(before).isPresent(), "tokens of the old key still verify");

    keys.retireOlderThanCurrent();
    assertTrue(tokens.verify(before).isEmpty(), "a retired key verifies nothing");
    assertTrue(tokens.verify(after).isPresent());
  }
}
