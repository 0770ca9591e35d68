package dev.parley.identity.control;

import dev.parley.identity.entity.LoginSession;
import dev.parley.identity.entity.User;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Signing in and out: password check, brute-force throttle, session tokens. */
@ApplicationScoped
public class LoginSessions {

  /** Wrong email or password, deliberately without saying which. */
  public static class InvalidCredentials extends RuntimeException {
    public InvalidCredentials() {
      super("invalid email or password");
    }
  }

  /** A successful login: the token is shown to the client once and never stored. */
  public record SignedIn(String token, LoginSession session, User user) {}

  private static final Logger LOG = Logger.getLogger(LoginSessions.class.getName());

  @PersistenceContext EntityManager em;
  @Inject Passwords passwords;
  @Inject LoginThrottle throttle;
  @Inject Authenticator authenticator;
  @Inject Outbox outbox;

  @Inject
  @ConfigProperty(name = "parley.session.ttl-minutes", defaultValue = "480")
  long ttlMinutes;

  @Transactional(dontRollbackOn = InvalidCredentials.class)
  public SignedIn login(String email, String password, String remoteAddress, String userAgent) {
    throttle.check(email, remoteAddress);
    User user =
        em.createNamedQuery(User.BY_EMAIL, User.class)
            .setParameter("email", User.normalizeEmail(email))
            .getResultStream()
            .findFirst()
            .orElse(null);
    boolean valid;
    if (user == null) {
      passwords.verifyDecoy(password);
      valid = false;
    } else {
      valid = passwords.verify(password, user.passwordHash()) && user.maySignIn();
    }
    if (!valid) {
      throttle.failed(email, remoteAddress);
      LOG.log(
          Level.INFO,
          "Sign-in refused from {0} ({1})",
          new Object[] {
            remoteAddress,
            user == null
                ? "unknown email"
                : !user.active()
                    ? "deactivated user " + user.id()
                    : user.oneTimePasswordUsedUp()
                        ? "one-time password already used by user " + user.id()
                        : "wrong password"
          });
      throw new InvalidCredentials();
    }
    throttle.succeeded(email, remoteAddress);
    user.signedIn();
    LOG.log(Level.INFO, "User {0} signed in from {1}", new Object[] {user.id(), remoteAddress});
    String token = Secrets.newToken(Secrets.SESSION_PREFIX);
    LoginSession session =
        new LoginSession(
            user, Secrets.hash(token), Duration.ofMinutes(ttlMinutes), remoteAddress, userAgent);
    em.persist(session);
    outbox.record(
        "user.signed_in",
        "user",
        user.id(),
        Jsons.object()
            .add("userId", user.id())
            .add("sessionId", session.id())
            .add("remoteAddress", String.valueOf(remoteAddress))
            .build());
    return new SignedIn(token, session, user);
  }

  @Transactional
  public void logout(long sessionId) {
    LoginSession session = em.find(LoginSession.class, sessionId);
    if (session != null) {
      session.revoke();
      authenticator.invalidate(List.of(session.tokenHash()));
    }
  }

  /** Revokes every active session of a user (deactivation, password reset). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void revokeAll(User user) {
    List<LoginSession> sessions =
        em.createNamedQuery(LoginSession.ACTIVE_OF_USER, LoginSession.class)
            .setParameter("user", user)
            .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
            .getResultList();
    sessions.forEach(LoginSession::revoke);
    authenticator.invalidate(sessions.stream().map(LoginSession::tokenHash).toList());
  }

  /** Drops cached callers of a user whose role or teams changed; sessions stay valid. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void refresh(User user) {
    authenticator.invalidate(
        em.createNamedQuery(LoginSession.ACTIVE_OF_USER, LoginSession.class)
            .setParameter("user", user)
            .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
            .getResultStream()
            .map(LoginSession::tokenHash)
            .toList());
  }
}
