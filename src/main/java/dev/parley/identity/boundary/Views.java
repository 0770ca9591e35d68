package dev.parley.identity.boundary;

import dev.parley.identity.entity.ApiToken;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Scope;
import dev.parley.identity.entity.Team;
import dev.parley.identity.entity.User;
import jakarta.ws.rs.core.SecurityContext;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;

/** The JSON shapes of identity resources. */
public final class Views {

  private Views() {}

  public record TeamRef(long id, String name) {}

  public record UserRef(long id, String displayName, String email) {}

  public record UserView(
      long id,
      String email,
      String displayName,
      String role,
      boolean active,
      boolean passwordChangeRequired,
      List<TeamRef> teams,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static UserView of(User user) {
      return new UserView(
          user.id(),
          user.email(),
          user.displayName(),
          user.role().wire(),
          user.active(),
          user.passwordChangeRequired(),
          user.teams().stream()
              .sorted(Comparator.comparing(Team::name))
              .map(t -> new TeamRef(t.id(), t.name()))
              .toList(),
          user.createdAt(),
          user.updatedAt());
    }
  }

  public record TeamView(
      long id, String name, String description, List<UserRef> members, OffsetDateTime createdAt) {
    static TeamView of(Team team) {
      return new TeamView(
          team.id(),
          team.name(),
          team.description(),
          team.members().stream()
              .sorted(Comparator.comparing(User::displayName))
              .map(u -> new UserRef(u.id(), u.displayName(), u.email()))
              .toList(),
          team.createdAt());
    }
  }

  public record ApiTokenView(
      long id,
      String name,
      String prefix,
      List<String> scopes,
      Long createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt,
      boolean revoked) {
    static ApiTokenView of(ApiToken token) {
      return new ApiTokenView(
          token.id(),
          token.name(),
          token.tokenPrefix(),
          token.scopes().stream().map(Scope::wire).toList(),
          token.createdBy(),
          token.createdAt(),
          token.expiresAt(),
          token.lastUsedAt(),
          token.revokedAt(),
          token.revokedAt() != null);
    }
  }

  public static Caller caller(SecurityContext security) {
    return (Caller) security.getUserPrincipal();
  }
}
