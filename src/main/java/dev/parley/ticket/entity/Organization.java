package dev.parley.ticket.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** A company contacts belong to; tickets carry their requester's organization. */
@Entity
@Table(name = "organization")
@NamedQuery(
    name = Organization.BY_NAME,
    query = "SELECT o FROM Organization o WHERE o.nameKey = :key")
public class Organization {

  public static final String BY_NAME = "Organization.byName";

  @Id
  @SequenceGenerator(
      name = "organization_seq",
      sequenceName = "organization_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "organization_seq")
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(name = "name_key", nullable = false)
  private String nameKey;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Version private long version;

  protected Organization() {}

  public Organization(String name) {
    this.name = name.trim();
    this.nameKey = key(name);
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** Organizations are unique by name, ignoring case and surrounding spaces. */
  public static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }
}
