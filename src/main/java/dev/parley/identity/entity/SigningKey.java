package dev.parley.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An HMAC key that signs visitor tokens. The newest unretired key signs; every unretired key
 * verifies, so rotation does not sign visitors out.
 */
@Entity
@Table(name = "signing_key")
@NamedQuery(
    name = SigningKey.USABLE,
    query =
        "SELECT k FROM SigningKey k WHERE k.purpose = :purpose AND k.retiredAt IS NULL ORDER BY"
            + " k.createdAt DESC, k.id DESC")
public class SigningKey {

  public static final String USABLE = "SigningKey.usable";
  public static final String VISITOR_TOKENS = "visitor-token";

  @Id
  @SequenceGenerator(
      name = "signing_key_seq",
      sequenceName = "signing_key_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "signing_key_seq")
  private Long id;

  @Column(nullable = false)
  private String kid;

  @Column(nullable = false)
  private String purpose;

  /** Base64 of the key bytes. */
  @Column(nullable = false)
  private String secret;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "retired_at")
  private OffsetDateTime retiredAt;

  protected SigningKey() {}

  public SigningKey(String kid, String purpose, String secret) {
    this.kid = kid;
    this.purpose = purpose;
    this.secret = secret;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public void retire() {
    if (retiredAt == null) {
      retiredAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
  }

  public Long id() {
    return id;
  }

  public String kid() {
    return kid;
  }

  public String secret() {
    return secret;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime retiredAt() {
    return retiredAt;
  }
}
