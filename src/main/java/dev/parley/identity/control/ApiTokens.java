package dev.parley.identity.control;

import dev.parley.identity.entity.ApiToken;
import dev.parley.identity.entity.Scope;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** API tokens for integrations: created by admins, shown once, revocable. */
@ApplicationScoped
public class ApiTokens {

  /** A new token: the secret is returned here once and never again. */
  public record Issued(String secret, ApiToken token) {}

  @PersistenceContext EntityManager em;
  @Inject Authenticator authenticator;
  @Inject Outbox outbox;

  @Transactional
  public Issued create(String name, Set<Scope> scopes, OffsetDateTime expiresAt, long createdBy) {
    String secret = Secrets.newToken(Secrets.API_TOKEN_PREFIX);
    ApiToken token =
        new ApiToken(
            name, Secrets.hash(secret), secret.substring(0, 10), scopes, createdBy, expiresAt);
    em.persist(token);
    outbox.record(
        "api_token.created",
        "api_token",
        token.id(),
        Jsons.object()
            .add("id", token.id())
            .add("name", token.name())
            .add("scopes", Scope.format(scopes))
            .add("createdBy", createdBy)
            .build());
    return new Issued(secret, token);
  }

  @Transactional
  public List<ApiToken> all() {
    return em.createNamedQuery(ApiToken.ALL, ApiToken.class).getResultList();
  }

  @Transactional
  public Optional<ApiToken> find(long id) {
    return Optional.ofNullable(em.find(ApiToken.class, id));
  }

  @Transactional
  public Optional<ApiToken> revoke(long id, long revokedBy) {
    ApiToken token = em.find(ApiToken.class, id);
    if (token == null) {
      return Optional.empty();
    }
    if (token.revokedAt() == null) {
      token.revoke();
      outbox.record(
          "api_token.revoked",
          "api_token",
          token.id(),
          Jsons.object().add("id", token.id()).add("revokedBy", revokedBy).build());
      authenticator.invalidate(List.of(token.tokenHash()));
    }
    return Optional.of(token);
  }
}
