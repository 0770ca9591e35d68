package dev.parley.chat.boundary;

import dev.parley.chat.control.Inboxes;
import dev.parley.chat.entity.Inbox;
import dev.parley.identity.boundary.StaffSocketAuthentication;
import dev.parley.identity.control.VisitorTokens;
import dev.parley.platform.rest.ClientAddresses;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

/**
 * Authenticates a visitor's WebSocket handshake before the upgrade: the signed visitor token (as
 * the subprotocol {@code token.<token>}, or an {@code Authorization: Bearer} header) and the {@code
 * Origin}, which must be one the token's inbox allows (or Parley's own: its widget frame). Too many
 * handshakes from one address answer 429.
 */
@WebFilter(urlPatterns = "/ws/v1/visitor")
public class VisitorSocketAuthentication extends HttpFilter {

  static final String TOKEN_PROTOCOL = "token.";

  @Inject VisitorTokens tokens;
  @Inject Inboxes inboxes;
  @Inject ClientAddresses clientAddresses;
  @Inject ChatLimits limits;
  @Inject WidgetOrigins widgetOrigins;

  /** A visitor's WebSocket principal: their id, the token's inbox, and their address. */
  public record VisitorPrincipal(String visitorId, long inboxId, String remoteAddress)
      implements Principal {
    @Override
    public String getName() {
      return "visitor:" + visitorId;
    }
  }

  static Optional<String> token(String authorization, String protocols) {
    if (protocols != null) {
      for (String protocol : protocols.split(",")) {
        if (protocol.trim().startsWith(TOKEN_PROTOCOL)) {
          return Optional.of(protocol.trim().substring(TOKEN_PROTOCOL.length()));
        }
      }
    }
    return StaffSocketAuthentication.token(authorization, null);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String address = clientAddresses.of(request);
    if (!limits.admitHandshake(address)) {
      StaffSocketAuthentication.send(
          response,
          Problem.tooManyRequests("Too many connections from your address; retry shortly."));
      return;
    }
    Optional<VisitorTokens.VisitorClaims> claims =
        token(request.getHeader("Authorization"), request.getHeader("Sec-WebSocket-Protocol"))
            .flatMap(tokens::verify);
    if (claims.isEmpty()) {
      StaffSocketAuthentication.send(
          response,
          Problem.unauthorized(
              "Send the visitor token from POST /api/v1/widget/sessions as the subprotocol token.<token>."));
      return;
    }
    long inboxId;
    try {
      inboxId = Long.parseLong(claims.get().inbox());
    } catch (NumberFormatException e) {
      StaffSocketAuthentication.send(
          response, Problem.unauthorized("The token is not for an inbox."));
      return;
    }
    Optional<Inbox> inbox = inboxes.find(inboxId);
    String origin = request.getHeader("Origin");
    if (inbox.isEmpty() || !widgetOrigins.allows(inbox.get(), origin, request)) {
      StaffSocketAuthentication.send(
          response,
          Problem.forbidden(
              "The origin "
                  + (origin == null ? "(none)" : origin)
                  + " may not embed this inbox's widget."));
      return;
    }
    VisitorPrincipal principal = new VisitorPrincipal(claims.get().visitorId(), inboxId, address);
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }
        },
        response);
  }
}
