package dev.parley.chat.boundary;

import dev.parley.chat.control.Inboxes;
import dev.parley.chat.control.Participant;
import dev.parley.identity.control.VisitorTokens;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Authenticates a visitor's REST call as the socket handshake does: the visitor token as {@code
 * Authorization: Bearer}, and an {@code Origin} the token's inbox allows (or Parley's own, see
 * {@link WidgetOrigins}).
 */
@ApplicationScoped
public class VisitorRequests {

  @Inject VisitorTokens tokens;
  @Inject Inboxes inboxes;
  @Inject WidgetOrigins widgetOrigins;

  public Participant.Visitor require(
      String authorization, String origin, HttpServletRequest request) {
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
    boolean allowed =
        inboxes.find(inboxId).map(i -> widgetOrigins.allows(i, origin, request)).orElse(false);
    if (!allowed) {
      throw Problem.forbidden("The origin " + origin + " may not use this inbox's widget.")
          .exception();
    }
    return new Participant.Visitor(claims.visitorId(), inboxId);
  }
}
