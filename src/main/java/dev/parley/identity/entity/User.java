package dev.parley.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** A staff user: an agent or an admin. Known by a unique, case-insensitive email. */
@Entity
@Table(name = "app_user")
@NamedQuery(name = User.BY_EMAIL, query = "SELECT u FROM User u WHERE u.email = :email")
@NamedQuery(name = User.ALL, query = "SELECT u FROM User u ORDER BY u.id")
@NamedQuery(name = User.COUNT, query = "SELECT COUNT(u) FROM User u")
public class User {

  public static final String BY_EMAIL = "User.byEmail";
  public static final String ALL = "User.all";
  public static final String COUNT = "User.count";

  @Id
  @SequenceGenerator(name = "app_user_seq", sequenceName = "app_user_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "app_user_seq")
  private Long id;

  @Column(nullable = false)
  private String email;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Role role;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Column(name = "password_change_required", nullable = false)
  private boolean passwordChangeRequired;

  /** A one-time password works for one sign-in; that session may only replace it. */
  @Column(name = "one_time_password_used", nullable = false)
  private boolean oneTimePasswordUsed;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Version private long version;

  @ManyToMany
  @JoinTable(
      name = "team_member",
      joinColumns = @JoinColumn(name = "user_id"),
      inverseJoinColumns = @JoinColumn(name = "team_id"))
  private Set<Team> teams = new LinkedHashSet<>();

  protected User() {}

  public User(String email, String displayName, Role role, String passwordHash) {
    this.email = normalizeEmail(email);
    this.displayName = displayName.trim();
    this.role = role;
    this.passwordHash = passwordHash;
    this.active = true;
    this.createdAt = now();
    this.updatedAt = createdAt;
  }

  public static String normalizeEmail(String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  public void rename(String displayName) {
    this.displayName = displayName.trim();
    touch();
  }

  public void changeEmail(String email) {
    this.email = normalizeEmail(email);
    touch();
  }

  public void changeRole(Role role) {
    this.role = role;
    touch();
  }

  public void activate() {
    this.active = true;
    touch();
  }

  public void deactivate() {
    this.active = false;
    touch();
  }

  /** Sets a password the user chose. */
  public void changePassword(String passwordHash) {
    this.passwordHash = passwordHash;
    this.passwordChangeRequired = false;
    this.oneTimePasswordUsed = false;
    touch();
  }

  /** Sets a password someone else chose or generated: the user must replace it. */
  public void assignOneTimePassword(String passwordHash) {
    this.passwordHash = passwordHash;
    this.passwordChangeRequired = true;
    this.oneTimePasswordUsed = false;
    touch();
  }

  /**
   * Whether the password, already verified, may sign in: a one-time password signs in once (the
   * session it gives may only change it).
   */
  public boolean maySignIn() {
    return active && !(passwordChangeRequired && oneTimePasswordUsed);
  }

  /** Records a sign-in: a one-time password is now used up. */
  public void signedIn() {
    if (passwordChangeRequired) {
      oneTimePasswordUsed = true;
    }
  }

  /** Whether someone signed in with the one-time password and never replaced it. */
  public boolean oneTimePasswordUsedUp() {
    return passwordChangeRequired && oneTimePasswordUsed;
  }

  public void joinTeam(Team team) {
    teams.add(team);
  }

  public void leaveTeam(Team team) {
    teams.remove(team);
  }

  private void touch() {
    this.updatedAt = now();
  }

  public Long id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String displayName() {
    return displayName;
  }

  public Role role() {
    return role;
  }

  public boolean active() {
    return active;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public boolean passwordChangeRequired() {
    return passwordChangeRequired;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }

  public Set<Team> teams() {
    return Set.copyOf(teams);
  }
}
