package dev.parley.chat.boundary;

import dev.parley.chat.control.Inboxes;
import dev.parley.chat.control.Participant;
import dev.parley.identity.control.VisitorTokens;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Authenticates a visitor's REST call as the socket handshake does: the visitor token as {@code
 * Authorization: Bearer}, and an {@code Origin} the token's inbox allows.
 */
@ApplicationScoped
public class VisitorRequests {

  @Inject VisitorTokens tokens;
  @Inject Inboxes inboxes;

  public Participant.Visitor require(String authorization, String origin) {
    String token =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim()
            : null;
    VisitorTokens.VisitorClaims claims = token == null ? null : tokens.verify(token).orElse(null);
    if (claims == null) {
      throw Problem.unauthorized("Send the visitor token as Authorization: Bearer <token>.")
          .exception();
    }
    long inboxId;
    try {
      inboxId = Long.parseLong(claims.inbox());
    } catch (NumberFormatException e) {
      throw Problem.unauthorized("The token is not for an inbox.").exception();
    }
    boolean allowed = inboxes.find(inboxId).map(i -> i.allowsOrigin(origin)).orElse(false);
    if (!allowed) {
      throw Problem.forbidden("The origin " + origin + " may not use this inbox's widget.")
          .exception();
    }
    return new Participant.Visitor(claims.visitorId(), inboxId);
  }
}
