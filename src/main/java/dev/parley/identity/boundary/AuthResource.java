package dev.parley.identity.boundary;

import dev.parley.identity.control.LoginSessions;
import dev.parley.identity.control.LoginThrottle;
import dev.parley.identity.control.Users;
import dev.parley.identity.entity.Role;
import dev.parley.platform.cache.Throttle;
import dev.parley.platform.rest.ClientAddresses;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Signing in and out. */
@Path("auth")
@Tag(name = "Authentication")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

  private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

  /**
   * @param cookie true for Parley's own pages: the session becomes an HttpOnly cookie and the body
   *     carries no token
   */
  public record LoginRequest(
      @NotNull @Size(max = 320) String email,
      @NotNull @Size(max = 1024) String password,
      Boolean cookie) {

    boolean asCookie() {
      return Boolean.TRUE.equals(cookie);
    }
  }

  public record LoginResponse(
      String token, String tokenType, OffsetDateTime expiresAt, Views.UserView user) {}

  public record ResetRequest(@NotBlank @Size(max = 320) String email) {}

  @Inject LoginSessions sessions;
  @Inject Users users;

  @Inject ClientAddresses clientAddresses;
  @Inject Throttle throttle;

  @Inject
  @ConfigProperty(name = "parley.password-resets.per-address", defaultValue = "5")
  int resetsPerAddress;

  @Inject
  @ConfigProperty(name = "parley.password-resets.per-account", defaultValue = "3")
  int resetsPerAccount;

  @POST
  @Path("login")
  @Public
  @Operation(
      summary = "Sign in with email and password",
      description =
          "Returns a session token for `Authorization: Bearer`; with `\"cookie\": true` (Parley's"
              + " own pages) the session is set as an HttpOnly, SameSite=Strict cookie instead and"
              + " the body has no token. Wrong email and wrong password get the same 401;"
              + " repeated failures per account or address get 429 with Retry-After.")
  public Response login(LoginRequest body, @Context HttpServletRequest http) {
    try {
      LoginSessions.SignedIn signedIn =
          sessions.login(
              body.email(), body.password(), clientAddress(http), http.getHeader("User-Agent"));
      Views.UserView user = Views.UserView.of(signedIn.user());
      if (body.asCookie()) {
        return Response.ok(new LoginResponse(null, "Cookie", signedIn.session().expiresAt(), user))
            .header(
                "Set-Cookie",
                SessionCookie.set(
                    signedIn.token(), signedIn.session().expiresAt(), secureCookie(http)))
            .header("Cache-Control", "no-store")
            .build();
      }
      return Response.ok(
              new LoginResponse(signedIn.token(), "Bearer", signedIn.session().expiresAt(), user))
          .header("Cache-Control", "no-store")
          .build();
    } catch (LoginSessions.InvalidCredentials e) {
      throw Problem.of(401, "invalid-credentials", "Invalid email or password")
          .detail("The email or the password is wrong, or the account is deactivated.")
          .exception();
    } catch (LoginThrottle.Locked e) {
      throw Problem.of(429, "too-many-attempts", "Too many failed sign-ins")
          .detail("Sign-in is paused for this account or address; try again later.")
          .header("Retry-After", Long.toString(e.retryAfterSeconds()))
          .exception();
    }
  }

  @POST
  @Path("logout")
  @Allowed(roles = Role.AGENT, beforePasswordChange = true)
  @Operation(summary = "End the current session; its token stops working on every node")
  public Response logout(@Context SecurityContext security, @Context HttpServletRequest http) {
    sessions.logout(Views.caller(security).credentialId());
    return Response.noContent()
        .header("Set-Cookie", SessionCookie.clear(secureCookie(http)))
        .build();
  }

  private static boolean secureCookie(HttpServletRequest http) {
    return SessionCookie.secure(http.isSecure(), http.getHeader("Host"));
  }

  @POST
  @Path("password-resets")
  @Public
  @Operation(
      summary = "Ask for a password reset",
      description =
          "Always 202, whether or not the email is registered. For an active account an admin is"
              + " notified (event user.password_reset_requested) and resets the password. At most"
              + " parley.password-resets.per-address (5) requests per address in 15 minutes and"
              + " parley.password-resets.per-account (3) per email in an hour: then 429 with"
              + " Retry-After.")
  public Response requestReset(ResetRequest body, @Context HttpServletRequest http) {
    try {
      throttle.admit("reset-address:" + clientAddress(http), resetsPerAddress, FIFTEEN_MINUTES);
      throttle.admit(
          "reset-account:" + body.email().trim().toLowerCase(java.util.Locale.ROOT),
          resetsPerAccount,
          Duration.ofHours(1));
    } catch (Throttle.Exceeded e) {
      throw Problem.tooManyRequests(
              "Too many password reset requests; try again later.", e.retryAfterSeconds())
          .exception();
    }
    users.requestPasswordReset(body.email());
    return Response.accepted(
            Map.of("status", "If the email belongs to an active account, a reset is on its way."))
        .build();
  }

  private String clientAddress(HttpServletRequest http) {
    return clientAddresses.of(http);
  }
}
