package dev.parley.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A staff user's signed-in session, known to the client only as an opaque token. */
@Entity
@Table(name = "login_session")
@NamedQuery(
    name = LoginSession.BY_HASH,
    query = "SELECT s FROM LoginSession s JOIN FETCH s.user WHERE s.tokenHash = :hash")
@NamedQuery(
    name = LoginSession.ACTIVE_OF_USER,
    query =
        "SELECT s FROM LoginSession s WHERE s.user = :user AND s.revokedAt IS NULL AND s.expiresAt"
            + " > :now")
public class LoginSession {

  public static final String BY_HASH = "LoginSession.byHash";
  public static final String ACTIVE_OF_USER = "LoginSession.activeOfUser";

  @Id
  @SequenceGenerator(
      name = "login_session_seq",
      sequenceName = "login_session_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "login_session_seq")
  private Long id;

  @Column(name = "token_hash", nullable = false)
  private String tokenHash;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id")
  private User user;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "expires_at", nullable = false)
  private OffsetDateTime expiresAt;

  @Column(name = "revoked_at")
  private OffsetDateTime revokedAt;

  @Column(name = "remote_address")
  private String remoteAddress;

  @Column(name = "user_agent")
  private String userAgent;

  protected LoginSession() {}

  public LoginSession(
      User user, String tokenHash, Duration ttl, String remoteAddress, String userAgent) {
    this.user = user;
    this.tokenHash = tokenHash;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.expiresAt = createdAt.plus(ttl);
    this.remoteAddress = truncate(remoteAddress, 64);
    this.userAgent = truncate(userAgent, 300);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  /** Usable now: not revoked, not expired, and its user still active. */
  public boolean valid(OffsetDateTime now) {
    return revokedAt == null && now.isBefore(expiresAt) && user.active();
  }

  public void revoke() {
    if (revokedAt == null) {
      revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
  }

  public Long id() {
    return id;
  }

  public String tokenHash() {
    return tokenHash;
  }

  public User user() {
    return user;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime expiresAt() {
    return expiresAt;
  }

  public OffsetDateTime revokedAt() {
    return revokedAt;
  }
}
