package dev.parley.identity.control;

import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signed visitor tokens: an anonymous visitor's proof of identity for one inbox, issued by the
 * widget session endpoint (chat) and checked at every WebSocket handshake and widget call.
 */
@ApplicationScoped
public class VisitorTokens {

  /** What a valid visitor token says. */
  public record VisitorClaims(String visitorId, String inbox, Instant expiresAt) {}

  @Inject SigningKeys keys;

  @Inject
  @ConfigProperty(name = "parley.visitor-token.ttl-days", defaultValue = "30")
  int ttlDays;

  public String issue(String visitorId, String inbox) {
    SigningKeys.KeyRing ring = keys.ring();
    Instant now = Instant.now();
    JsonObject claims =
        Jsons.object()
            .add("sub", visitorId)
            .add("inbox", inbox)
            .add("typ", "visitor")
            .add("iat", now.getEpochSecond())
            .add("exp", now.plus(Duration.ofDays(ttlDays)).getEpochSecond())
            .build();
    return HmacTokens.sign(ring.signingKid(), ring.signingKey(), claims);
  }

  public Optional<VisitorClaims> verify(String token) {
    long now = Instant.now().getEpochSecond();
    Optional<JsonObject> claims = HmacTokens.verify(token, keys.ring().verifying(), now);
    if (claims.isEmpty()
        && HmacTokens.kid(token)
            .filter(kid -> !keys.ring().verifying().containsKey(kid))
            .isPresent()) {
      // a key rotated on another node that this node has not heard of yet
      keys.reload();
      claims = HmacTokens.verify(token, keys.ring().verifying(), now);
    }
    return claims
        .filter(c -> "visitor".equals(c.getString("typ", null)))
        .map(
            c ->
                new VisitorClaims(
                    c.getString("sub"),
                    c.getString("inbox"),
                    Instant.ofEpochSecond(c.getJsonNumber("exp").longValue())));
  }
}
