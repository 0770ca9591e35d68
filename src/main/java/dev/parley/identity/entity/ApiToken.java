package dev.parley.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** A scoped, revocable bearer credential for an integration. Only its hash is stored. */
@Entity
@Table(name = "api_token")
@NamedQuery(name = ApiToken.BY_HASH, query = "SELECT t FROM ApiToken t WHERE t.tokenHash = :hash")
@NamedQuery(name = ApiToken.ALL, query = "SELECT t FROM ApiToken t ORDER BY t.id")
public class ApiToken {

  public static final String BY_HASH = "ApiToken.byHash";
  public static final String ALL = "ApiToken.all";

  /**
   * How often the last-used time is written at most: a busy integration must not write per call.
   */
  public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  @Id
  @SequenceGenerator(name = "api_token_seq", sequenceName = "api_token_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "api_token_seq")
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(name = "token_hash", nullable = false)
  private String tokenHash;

  @Column(name = "token_prefix", nullable = false)
  private String tokenPrefix;

  @Column(nullable = false)
  private String scopes;

  @Column(name = "created_by")
  private Long createdBy;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "expires_at")
  private OffsetDateTime expiresAt;

  @Column(name = "last_used_at")
  private OffsetDateTime lastUsedAt;

  @Column(name = "revoked_at")
  private OffsetDateTime revokedAt;

  protected ApiToken() {}

  public ApiToken(
      String name,
      String tokenHash,
      String tokenPrefix,
      Set<Scope> scopes,
      Long createdBy,
      OffsetDateTime expiresAt) {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("an API token needs at least one scope");
    }
    this.name = name.trim();
    this.tokenHash = tokenHash;
    this.tokenPrefix = tokenPrefix;
    this.scopes = Scope.format(scopes);
    this.createdBy = createdBy;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.expiresAt = expiresAt;
  }

  public boolean valid(OffsetDateTime now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  public void revoke() {
    if (revokedAt == null) {
      revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
  }

  /** Records a use; returns whether the stored time changed (at most once per resolution). */
  public boolean used(OffsetDateTime now) {
    if (lastUsedAt == null || lastUsedAt.plus(LAST_USED_RESOLUTION).isBefore(now)) {
      lastUsedAt = now;
      return true;
    }
    return false;
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String tokenHash() {
    return tokenHash;
  }

  public String tokenPrefix() {
    return tokenPrefix;
  }

  public Set<Scope> scopes() {
    return Scope.parse(scopes);
  }

  public Long createdBy() {
    return createdBy;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime expiresAt() {
    return expiresAt;
  }

  public OffsetDateTime lastUsedAt() {
    return lastUsedAt;
  }

  public OffsetDateTime revokedAt() {
    return revokedAt;
  }
}
