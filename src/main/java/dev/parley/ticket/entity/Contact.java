package dev.parley.ticket.entity;

import dev.parley.platform.errors.Invalid;
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
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A known end customer and the requester of tickets. Contacts are unique by email (ignoring case)
 * and by external id (the integrator's own key); either identifies an existing contact.
 */
@Entity
@Table(name = "contact")
@NamedQuery(name = Contact.BY_EMAIL, query = "SELECT c FROM Contact c WHERE c.emailKey = :key")
@NamedQuery(
    name = Contact.BY_EXTERNAL_ID,
    query = "SELECT c FROM Contact c WHERE c.externalId = :externalId")
public class Contact {

  public static final String BY_EMAIL = "Contact.byEmail";
  public static final String BY_EXTERNAL_ID = "Contact.byExternalId";
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  @Id
  @SequenceGenerator(name = "contact_seq", sequenceName = "contact_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "contact_seq")
  private Long id;

  private String name;
  private String email;

  @Column(name = "email_key")
  private String emailKey;

  @Column(name = "external_id")
  private String externalId;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Version private long version;

  protected Contact() {}

  public Contact(String name, String email, String externalId) {
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.updatedAt = createdAt;
    rename(name);
    changeEmail(email);
    changeExternalId(externalId);
    if (this.email == null && this.externalId == null) {
      throw new Invalid("A contact needs an email or an external id")
          .field("email", "email or externalId is required");
    }
  }

  public static String emailKey(String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  public void rename(String name) {
    if (name != null && name.length() > 200) {
      throw new Invalid("name is too long").field("name", "at most 200 characters");
    }
    this.name = name == null || name.isBlank() ? null : name.trim();
    touch();
  }

  public void changeEmail(String email) {
    if (email != null && !email.isBlank()) {
      String trimmed = email.trim();
      if (trimmed.length() > 320 || !EMAIL.matcher(trimmed).matches()) {
        throw new Invalid("email is not an email address")
            .field("email", "must be an email address");
      }
      this.email = trimmed;
      this.emailKey = emailKey(trimmed);
    } else {
      this.email = null;
      this.emailKey = null;
    }
    touch();
  }

  public void changeExternalId(String externalId) {
    if (externalId != null && externalId.length() > 200) {
      throw new Invalid("externalId is too long").field("externalId", "at most 200 characters");
    }
    this.externalId = externalId == null || externalId.isBlank() ? null : externalId.trim();
    touch();
  }

  public void joinOrganization(Organization organization) {
    this.organization = organization;
    touch();
  }

  private void touch() {
    this.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** The name to show: the name, else the email, else the external id. */
  public String displayName() {
    return name != null ? name : email != null ? email : externalId;
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String email() {
    return email;
  }

  public String externalId() {
    return externalId;
  }

  public Organization organization() {
    return organization;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }

  public long version() {
    return version;
  }
}
