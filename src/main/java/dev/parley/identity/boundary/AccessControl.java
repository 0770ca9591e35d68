package dev.parley.identity.boundary;

import dev.parley.identity.control.Authenticator;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.rest.Problem;
import dev.parley.platform.web.OwnOrigin;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Enforces each endpoint's {@link Allowed} or {@link Public} rule. An endpoint with neither is
 * refused to everyone (fail closed); {@code AccessRulesTest} fails the build before that happens.
 */
@Provider
@ApplicationScoped
public class AccessControl implements DynamicFeature {

  public static final String CALLER = "parley.caller";

  @Inject Authenticator authenticator;
  @Inject OwnOrigin ownOrigin;

  /** The rule an endpoint declares: the method's, else its class's; empty when none. */
  public static Optional<Object> ruleOf(Class<?> type, Method method) {
    for (var element : List.of(method, type)) {
      if (element.isAnnotationPresent(Public.class)) {
        return Optional.of(element.getAnnotation(Public.class));
      }
      if (element.isAnnotationPresent(Allowed.class)) {
        return Optional.of(element.getAnnotation(Allowed.class));
      }
    }
    return Optional.empty();
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Optional<Object> rule = ruleOf(resource.getResourceClass(), resource.getResourceMethod());
    if (rule.isEmpty()) {
      context.register(new Guard(null, null, Set.of(), Set.of(), true, false));
    } else if (rule.get() instanceof Public) {
      context.register(new Guard(authenticator, ownOrigin, Set.of(), Set.of(), false, true));
    } else {
      Allowed allowed = (Allowed) rule.get();
      Set<Role> roles =
          allowed.roles().length == 0 ? Set.of() : EnumSet.of(allowed.roles()[0], allowed.roles());
      Set<Scope> scopes =
          allowed.scopes().length == 0
              ? Set.of()
              : EnumSet.of(allowed.scopes()[0], allowed.scopes());
      context.register(
          new Guard(
              authenticator, ownOrigin, roles, scopes, false, allowed.beforePasswordChange()));
    }
  }

  /** The per-endpoint filter. Public endpoints still learn the caller when credentials are sent. */
  @Priority(Priorities.AUTHENTICATION)
  static final class Guard implements ContainerRequestFilter {
    private final Authenticator authenticator;
    private final OwnOrigin ownOrigin;
    private final Set<Role> roles;
    private final Set<Scope> scopes;
    private final boolean undeclared;
    private final boolean beforePasswordChange;

    Guard(
        Authenticator authenticator,
        OwnOrigin ownOrigin,
        Set<Role> roles,
        Set<Scope> scopes,
        boolean undeclared,
        boolean beforePasswordChange) {
      this.authenticator = authenticator;
      this.ownOrigin = ownOrigin;
      this.roles = roles;
      this.scopes = scopes;
      this.undeclared = undeclared;
      this.beforePasswordChange = beforePasswordChange;
    }

    private boolean isPublic() {
      return !undeclared && roles.isEmpty() && scopes.isEmpty();
    }

    @Override
    public void filter(ContainerRequestContext request) {
      if (undeclared) {
        request.abortWith(Problem.forbidden("This endpoint declares no access rule.").toResponse());
        return;
      }
      String token = bearer(request);
      boolean byCookie = false;
      if (token == null) {
        token = SessionCookie.from(request.getHeaderString("Cookie")).orElse(null);
        byCookie = token != null;
      }
      Optional<Caller> caller =
          token == null ? Optional.empty() : authenticator.authenticate(token);
      if (caller.isPresent() && byCookie && !fromOwnPages(request)) {
        if (isPublic()) {
          return; // e.g. the widget's endpoints from a page of the same site: anonymous
        }
        request.abortWith(
            Problem.forbidden(
                    "A request signed in by the console's cookie that changes something must come"
                        + " from Parley's own pages (Origin).")
                .toResponse());
        return;
      }
      if (caller.isPresent()) {
        install(request, caller.get());
      }
      if (isPublic()) {
        return;
      }
      if (caller.isEmpty()) {
        request.abortWith(
            Problem.unauthorized(
                    token == null
                        ? "Send Authorization: Bearer <token> (a login session or an API token), or sign in"
                            + " to the console."
                        : "The token is invalid, expired or revoked.")
                .toResponse());
        return;
      }
      if (!caller.get().allowed(roles, scopes)) {
        request.abortWith(Problem.forbidden(describeRule(caller.get())).toResponse());
        return;
      }
      if (caller.get().mustChangePassword() && !beforePasswordChange) {
        request.abortWith(
            Problem.of(403, "password-change-required", "Password change required")
                .detail(
                    "You signed in with a one-time password: change it first (PUT"
                        + " /api/v1/me/password), then sign in again.")
                .toResponse());
      }
    }

    private String describeRule(Caller caller) {
      if (caller.isUser()) {
        return roles.isEmpty()
            ? "Only API tokens may call this endpoint."
            : "This endpoint needs the role "
                + roles.stream().map(Role::wire).sorted().toList()
                + ".";
      }
      return scopes.isEmpty()
          ? "API tokens may not call this endpoint; sign in as a user."
          : "This endpoint needs an API token with one of the scopes "
              + scopes.stream().map(Scope::wire).sorted().toList()
              + ".";
    }

    /**
     * The cookie travels with every request the browser makes to Parley, so one that changes
     * something must carry Parley's own origin (browsers always send it with such requests), on top
     * of SameSite=Strict: no other site's page can act with a signed-in agent's session.
     */
    private boolean fromOwnPages(ContainerRequestContext request) {
      String method = request.getMethod();
      if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
        return true;
      }
      String origin = request.getHeaderString("Origin");
      return origin != null
          && ownOrigin.accepts(
              origin,
              request.getHeaderString("Host"),
              "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme()));
    }

    private static String bearer(ContainerRequestContext request) {
      String header = request.getHeaderString("Authorization");
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return header.substring(7).trim();
      }
      return null;
    }

    private static void install(ContainerRequestContext request, Caller caller) {
      request.setProperty(CALLER, caller);
      boolean secure =
          request.getSecurityContext() != null && request.getSecurityContext().isSecure();
      request.setSecurityContext(
          new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
              return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
              return caller.isUser() && caller.role().satisfies(Role.fromWire(role));
            }

            @Override
            public boolean isSecure() {
              return secure;
            }

            @Override
            public String getAuthenticationScheme() {
              return "Bearer";
            }
          });
    }
  }
}
