package dev.parley.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

/** A group of agents; inboxes, topics and tickets are routed to teams. */
@Entity
@Table(name = "team")
@NamedQuery(name = Team.ALL, query = "SELECT t FROM Team t ORDER BY t.name")
@NamedQuery(name = Team.BY_NAME, query = "SELECT t FROM Team t WHERE LOWER(t.name) = LOWER(:name)")
public class Team {

  public static final String ALL = "Team.all";
  public static final String BY_NAME = "Team.byName";

  @Id
  @SequenceGenerator(name = "team_seq", sequenceName = "team_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "team_seq")
  private Long id;

  @Column(nullable = false)
  private String name;

  private String description;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "business_hours")
  private String businessHours;

  @Version private long version;

  @ManyToMany(mappedBy = "teams")
  private Set<User> members = new LinkedHashSet<>();

  protected Team() {}

  public Team(String name, String description) {
    this.name = name.trim();
    this.description = description;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public void rename(String name) {
    this.name = name.trim();
  }

  public void describe(String description) {
    this.description = description;
  }

  /** Adds a member; both sides of the relation are kept in step. */
  public void add(User user) {
    members.add(user);
    user.joinTeam(this);
  }

  public void remove(User user) {
    members.remove(user);
    user.leaveTeam(this);
  }

  /** The team's working calendar for SLA clocks; null for around the clock. */
  public void changeBusinessHours(BusinessHours hours) {
    this.businessHours = hours == null ? null : hours.toJson().toString();
  }

  /** The team's calendar, or {@link BusinessHours#ALWAYS} when it has none. */
  public BusinessHours calendar() {
    return businessHours == null ? BusinessHours.ALWAYS : BusinessHours.parse(businessHours);
  }

  public boolean hasBusinessHours() {
    return businessHours != null;
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public Set<User> members() {
    return Set.copyOf(members);
  }
}
