package dev.parley.identity.entity;

import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * Who is making a request: a signed-in staff user or an API token. Immutable; cached per token for
 * a short time.
 *
 * @param kind user or API token
 * @param id the user's or the token's id
 * @param name display name or token name
 * @param role the user's role; null for API tokens
 * @param scopes the token's scopes; empty for users
 * @param teamIds the user's teams
 * @param credentialId the login session's or API token's id
 * @param expiresAt when the credential stops working (null: never)
 * @param mustChangePassword a user signed in with a one-time password: until they change it, only
 *     changing it is allowed
 */
public record Caller(
    Kind kind,
    long id,
    String name,
    Role role,
    Set<Scope> scopes,
    Set<Long> teamIds,
    long credentialId,
    OffsetDateTime expiresAt,
    boolean mustChangePassword)
    implements Principal {

  /** A caller free to use what its role or scopes allow. */
  public Caller(
      Kind kind,
      long id,
      String name,
      Role role,
      Set<Scope> scopes,
      Set<Long> teamIds,
      long credentialId,
      OffsetDateTime expiresAt) {
    this(kind, id, name, role, scopes, teamIds, credentialId, expiresAt, false);
  }

  public enum Kind {
    USER,
    API_TOKEN
  }

  @Override
  public String getName() {
    return (kind == Kind.USER ? "user:" : "token:") + id;
  }

  public boolean isUser() {
    return kind == Kind.USER;
  }

  public boolean isAdmin() {
    return kind == Kind.USER && role == Role.ADMIN;
  }

  /** Whether this caller passes a rule allowing the given roles (users) or scopes (tokens). */
  public boolean allowed(Set<Role> roles, Set<Scope> acceptedScopes) {
    if (kind == Kind.USER) {
      return roles.stream().anyMatch(role::satisfies);
    }
    return scopes.stream().anyMatch(acceptedScopes::contains);
  }

  public boolean expired(OffsetDateTime now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
