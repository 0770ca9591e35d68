package dev.parley.identity.control;

import dev.parley.identity.entity.ApiToken;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.LoginSession;
import dev.parley.identity.entity.Team;
import dev.parley.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Looks a bearer token up in the database: a login session or an API token (recording its use).
 * {@link Authenticator} caches what this finds.
 */
@ApplicationScoped
public class Credentials {

  @PersistenceContext EntityManager em;

  /** The caller behind a token, or null when it is unknown, expired or revoked. */
  @Transactional
  public Caller resolve(String token, String hash) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (token.startsWith(Secrets.SESSION_PREFIX)) {
      return fromSession(hash, now);
    }
    if (token.startsWith(Secrets.API_TOKEN_PREFIX)) {
      return fromApiToken(hash, now);
    }
    return null;
  }

  private Caller fromSession(String hash, OffsetDateTime now) {
    LoginSession session =
        em.createNamedQuery(LoginSession.BY_HASH, LoginSession.class)
            .setParameter("hash", hash)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (session == null || !session.valid(now)) {
      return null;
    }
    User user = session.user();
    Set<Long> teams = user.teams().stream().map(Team::id).collect(Collectors.toUnmodifiableSet());
    return new Caller(
        Caller.Kind.USER,
        user.id(),
        user.displayName(),
        user.role(),
        Set.of(),
        teams,
        session.id(),
        session.expiresAt(),
        user.passwordChangeRequired());
  }

  private Caller fromApiToken(String hash, OffsetDateTime now) {
    ApiToken token =
        em.createNamedQuery(ApiToken.BY_HASH, ApiToken.class)
            .setParameter("hash", hash)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (token == null || !token.valid(now)) {
      return null;
    }
    token.used(now);
    return new Caller(
        Caller.Kind.API_TOKEN,
        token.id(),
        token.name(),
        null,
        Set.copyOf(token.scopes()),
        Set.of(),
        token.id(),
        token.expiresAt());
  }
}
