package dev.parley.identity.control;

import dev.parley.identity.entity.Role;
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

/** The staff directory: creating, changing and deactivating agents and admins. */
@ApplicationScoped
public class Users {

  /** A user created or reset with a generated password, shown once. */
  public record WithPassword(User user, String oneTimePassword) {}

  /** What an admin may change on a user; null fields stay as they are. */
  public record Changes(String email, String displayName, Role role, Boolean active) {}

  @PersistenceContext EntityManager em;
  @Inject Passwords passwords;
  @Inject LoginSessions sessions;
  @Inject Outbox outbox;

  @Transactional
  public List<User> all() {
    return em.createNamedQuery(User.ALL, User.class).getResultList();
  }

  @Transactional
  public Optional<User> find(long id) {
    return Optional.ofNullable(em.find(User.class, id));
  }

  @Transactional
  public long count() {
    return em.createNamedQuery(User.COUNT, Long.class).getSingleResult();
  }

  @Transactional
  public Optional<User> byEmail(String email) {
    return em.createNamedQuery(User.BY_EMAIL, User.class)
        .setParameter("email", User.normalizeEmail(email))
        .getResultStream()
        .findFirst();
  }

  /**
   * Creates a user. With no password given, one is generated and must be changed at first login.
   */
  @Transactional
  public WithPassword create(String email, String displayName, Role role, String password) {
    requireUniqueEmail(email, null);
    String oneTime = password == null ? Passwords.generate(20) : null;
    User user =
        new User(email, displayName, role, passwords.hash(password == null ? oneTime : password));
    if (oneTime != null) {
      user.assignOneTimePassword(user.passwordHash());
    }
    em.persist(user);
    outbox.record(
        "user.created",
        "user",
        user.id(),
        Jsons.object()
            .add("id", user.id())
            .add("email", user.email())
            .add("displayName", user.displayName())
            .add("role", user.role().wire())
            .build());
    return new WithPassword(user, oneTime);
  }

  @Transactional
  public User change(long id, Changes changes) {
    User user = em.find(User.class, id);
    if (user == null) {
      throw new NotFound("No user " + id);
    }
    if (changes.email() != null && !changes.email().equalsIgnoreCase(user.email())) {
      requireUniqueEmail(changes.email(), user.id());
      user.changeEmail(changes.email());
    }
    if (changes.displayName() != null) {
      user.rename(changes.displayName());
    }
    boolean demoted =
        changes.role() != null && changes.role() != Role.ADMIN && user.role() == Role.ADMIN;
    boolean deactivated = Boolean.FALSE.equals(changes.active()) && user.active();
    if ((demoted || deactivated) && user.role() == Role.ADMIN && activeAdmins() <= 1) {
      throw new Conflict("This is the last active admin; make another user admin first.");
    }
    if (changes.role() != null && changes.role() != user.role()) {
      user.changeRole(changes.role());
      sessions.refresh(user);
    }
    if (changes.active() != null && changes.active() != user.active()) {
      if (changes.active()) {
        user.activate();
      } else {
        user.deactivate();
        sessions.revokeAll(user);
      }
    }
    outbox.record(
        "user.updated",
        "user",
        user.id(),
        Jsons.object()
            .add("id", user.id())
            .add("email", user.email())
            .add("role", user.role().wire())
            .add("active", user.active())
            .build());
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return user;
  }

  /** An admin resets a password: a one-time password is generated and all sessions end. */
  @Transactional
  public WithPassword resetPassword(long id) {
    User user = em.find(User.class, id);
    if (user == null) {
      throw new NotFound("No user " + id);
    }
    String oneTime = Passwords.generate(20);
    user.assignOneTimePassword(passwords.hash(oneTime));
    sessions.revokeAll(user);
    outbox.record(
        "user.password_reset", "user", user.id(), Jsons.object().add("id", user.id()).build());
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return new WithPassword(user, oneTime);
  }

  /** Ends every session of a user. */
  @Transactional
  public void signOutEverywhere(long id) {
    User user = em.find(User.class, id);
    if (user == null) {
      throw new NotFound("No user " + id);
    }
    sessions.revokeAll(user);
  }

  /** A user changes their own password; the current one must be given. */
  @Transactional
  public void changeOwnPassword(long id, String current, String replacement) {
    User user = em.find(User.class, id);
    if (user == null || !passwords.verify(current, user.passwordHash())) {
      throw new Invalid("The current password is wrong")
          .field("currentPassword", "is not your current password");
    }
    String weakness = passwords.weakness(replacement);
    if (weakness != null) {
      throw new Invalid("The new password is too weak").field("newPassword", weakness);
    }
    boolean wasOneTime = user.passwordChangeRequired();
    user.changePassword(passwords.hash(replacement));
    if (wasOneTime) {
      sessions.refresh(user); // their sessions may now do what the role allows
    }
    outbox.record(
        "user.password_changed", "user", user.id(), Jsons.object().add("id", user.id()).build());
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
  }

  /**
   * Someone asks for a password reset by email. The answer never depends on whether the email is
   * registered; for a registered, active user an event tells admins (and, once mail delivery
   * exists, the user).
   */
  @Transactional
  public void requestPasswordReset(String email) {
    byEmail(email)
        .filter(User::active)
        .ifPresent(
            user ->
                outbox.record(
                    "user.password_reset_requested",
                    "user",
                    user.id(),
                    Jsons.object().add("id", user.id()).build()));
  }

  private long activeAdmins() {
    return em.createQuery(
            "SELECT COUNT(u) FROM User u WHERE u.role = :role AND u.active = TRUE", Long.class)
        .setParameter("role", Role.ADMIN)
        .getSingleResult();
  }

  private void requireUniqueEmail(String email, Long self) {
    byEmail(email)
        .filter(existing -> !existing.id().equals(self))
        .ifPresent(
            existing -> {
              throw new Conflict("A user with this email already exists")
                  .field("email", "is already in use");
            });
  }
}
