package dev.parley.identity.control;

import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Team;
import dev.parley.identity.entity.User;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Teams and their members. */
@ApplicationScoped
public class Teams {

  @PersistenceContext EntityManager em;
  @Inject LoginSessions sessions;
  @Inject Outbox outbox;

  @Transactional
  public List<Team> all() {
    return em.createNamedQuery(Team.ALL, Team.class).getResultList();
  }

  @Transactional
  public Optional<Team> find(long id) {
    return Optional.ofNullable(em.find(Team.class, id));
  }

  @Transactional
  public Team create(String name, String description) {
    requireUniqueName(name, null);
    Team team = new Team(name, description);
    em.persist(team);
    outbox.record(
        "team.created",
        "team",
        team.id(),
        Jsons.object().add("id", team.id()).add("name", team.name()).build());
    return team;
  }

  @Transactional
  public Team change(long id, String name, String description) {
    Team team = require(id);
    if (name != null && !name.equalsIgnoreCase(team.name())) {
      requireUniqueName(name, id);
      team.rename(name);
    }
    if (description != null) {
      team.describe(description);
    }
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return team;
  }

  @Transactional
  public void delete(long id) {
    Team team = require(id);
    for (User member : team.members()) {
      team.remove(member);
      sessions.refresh(member);
    }
    em.remove(team);
    outbox.record("team.deleted", "team", id, Jsons.object().add("id", id).build());
  }

  @Transactional
  public Team addMember(long teamId, long userId) {
    Team team = require(teamId);
    User user = requireUser(userId);
    team.add(user);
    sessions.refresh(user);
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return team;
  }

  @Transactional
  public Team removeMember(long teamId, long userId) {
    Team team = require(teamId);
    User user = requireUser(userId);
    team.remove(user);
    sessions.refresh(user);
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return team;
  }

  private Team require(long id) {
    Team team = em.find(Team.class, id);
    if (team == null) {
      throw new NotFound("No team " + id);
    }
    return team;
  }

  private User requireUser(long id) {
    User user = em.find(User.class, id);
    if (user == null) {
      throw new Invalid("No such user").field("userId", "no user " + id);
    }
    return user;
  }

  private void requireUniqueName(String name, Long self) {
    em.createNamedQuery(Team.BY_NAME, Team.class)
        .setParameter("name", name.trim())
        .getResultStream()
        .filter(t -> !t.id().equals(self))
        .findFirst()
        .ifPresent(
            t -> {
              throw new Conflict("A team with this name already exists")
                  .field("name", "is already in use");
            });
  }

  /** Sets (or, with null, clears) the team's business hours, the calendar of its SLA clocks. */
  @Transactional
  public Team changeBusinessHours(long teamId, BusinessHours hours) {
    Team team = require(teamId);
    team.changeBusinessHours(hours);
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return team;
  }
}
