package dev.parley.identity.boundary;

import dev.parley.identity.control.Authenticator;
import dev.parley.identity.control.Secrets;
import dev.parley.identity.entity.Caller;
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
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

/**
 * Authenticates WebSocket handshakes of staff users with the same session token as REST calls,
 * before the upgrade, so a refused handshake is a plain HTTP 401/403 problem. Browsers cannot set
 * headers on a WebSocket, so the token may also come as a subprotocol {@code bearer.<token>} next
 * to {@code parley.v1} (never in the URL, which access logs keep).
 */
@WebFilter(urlPatterns = "/ws/v1/staff")
public class StaffSocketAuthentication extends HttpFilter {

  public static final String SUBPROTOCOL = "parley.v1";
  public static final String BEARER_PROTOCOL = "bearer.";

  @Inject Authenticator authenticator;
  @Inject ClientAddresses clientAddresses;
  @Inject dev.parley.platform.config.Settings settings;

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
    Optional<Caller> caller = token.flatMap(authenticator::authenticate);
    if (caller.isEmpty()) {
      send(
          response,
          Problem.unauthorized(
              token.isEmpty()
                  ? "Send the session token as Authorization: Bearer <token> or as the subprotocol bearer.<token>."
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
    if (!sameSite(request.getHeader("Origin"), request)) {
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
   * Browsers send the page's origin with a WebSocket handshake: staff connect from Parley's own
   * pages (the origin of {@code PARLEY_PUBLIC_URL}, or the very host the request was sent to).
   * Clients that are not browsers send no origin and are accepted on their token alone.
   */
  private boolean sameSite(String origin, HttpServletRequest request) {
    if (origin == null) {
      return true;
    }
    String normalized = origin.trim().toLowerCase(java.util.Locale.ROOT);
    if (normalized.equals(settings.publicOrigin())) {
      return true;
    }
    String host = request.getHeader("Host");
    return host != null
        && normalized.equals(
            (request.isSecure() ? "https://" : "http://")
                + host.trim().toLowerCase(java.util.Locale.ROOT));
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
