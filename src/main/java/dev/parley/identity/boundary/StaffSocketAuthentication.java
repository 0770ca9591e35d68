package dev.parley.identity.boundary;

import dev.parley.identity.control.Authenticator;
import dev.parley.identity.control.Secrets;
import dev.parley.identity.entity.Caller;
import dev.parley.platform.rest.ClientAddresses;
import dev.parley.platform.rest.Problem;
import dev.parley.platform.web.OwnOrigin;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

/**
 * Authenticates WebSocket handshakes of staff users with the same session token as REST calls,
 * before the upgrade, so a refused handshake is a plain HTTP 401/403 problem. Browsers cannot set
 * headers on a WebSocket, so the token may also come as a subprotocol {@code bearer.<token>} next
 * to {@code parley.v1} (never in the URL, which access logs keep); Parley's own console sends its
 * HttpOnly session cookie ({@link SessionCookie}).
 */
@WebFilter(urlPatterns = "/ws/v1/staff")
public class StaffSocketAuthentication extends HttpFilter {

  public static final String SUBPROTOCOL = "parley.v1";
  public static final String BEARER_PROTOCOL = "bearer.";

  @Inject Authenticator authenticator;
  @Inject ClientAddresses clientAddresses;
  @Inject OwnOrigin ownOrigin;

  /** The bearer token of a handshake: the Authorization header, else a bearer subprotocol. */
  public static Optional<String> token(String authorization, String protocols) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(authorization.substring(7).trim());
    }
    if (protocols != null) {
      for (String protocol : protocols.split(",")) {
        if (protocol.trim().startsWith(BEARER_PROTOCOL)) {
          return Optional.of(protocol.trim().substring(BEARER_PROTOCOL.length()));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<String> token =
        token(request.getHeader("Authorization"), request.getHeader("Sec-WebSocket-Protocol"));
    boolean byCookie = false;
    if (token.isEmpty()) {
      token = SessionCookie.from(request.getHeader("Cookie"));
      byCookie = token.isPresent();
    }
    Optional<Caller> caller = token.flatMap(authenticator::authenticate);
    if (caller.isEmpty()) {
      send(
          response,
          Problem.unauthorized(
              token.isEmpty()
                  ? "Send the session token as Authorization: Bearer <token> or as the subprotocol"
                      + " bearer.<token>, or sign in to the console."
                  : "The token is invalid, expired or revoked."));
      return;
    }
    if (!caller.get().isUser()) {
      send(
          response, Problem.forbidden("This socket is for signed-in staff users, not API tokens."));
      return;
    }
    if (caller.get().mustChangePassword()) {
      send(response, Problem.forbidden("Change your one-time password first."));
      return;
    }
    // browsers send their page's origin: staff connect from Parley's own pages; clients that are
    // not browsers send none and are accepted on their token (never on the cookie alone)
    String origin = request.getHeader("Origin");
    if (origin == null
        ? byCookie
        : !ownOrigin.accepts(origin, request.getHeader("Host"), request.isSecure())) {
      send(
          response,
          Problem.forbidden(
              "Staff connections are accepted from Parley's own pages only (PARLEY_PUBLIC_URL)."));
      return;
    }
    StaffPrincipal principal =
        new StaffPrincipal(caller.get(), Secrets.hash(token.get()), clientAddresses.of(request));
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public Principal getUserPrincipal() {
            return principal; // becomes the WebSocket session's principal
          }
        },
        response);
  }

  /**
   * The principal of a staff WebSocket session: who, by which token (for revocation), and from
   * where (for rate limits).
   */
  public record StaffPrincipal(Caller caller, String tokenHash, String remoteAddress)
      implements Principal {
    @Override
    public String getName() {
      return caller.getName();
    }
  }

  /** Writes a problem as the handshake's HTTP response. */
  public static void send(HttpServletResponse response, Problem problem) throws IOException {
    Response rendered = problem.toResponse();
    response.setStatus(rendered.getStatus());
    response.setContentType(Problem.MEDIA_TYPE);
    rendered
        .getStringHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> response.addHeader(name, v));
              }
            });
    response.getWriter().write((String) rendered.getEntity());
  }
}
