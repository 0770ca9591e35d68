package dev.parley.identity.control;

import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.User;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first start of an installation creates one admin: {@code PARLEY_ADMIN_EMAIL} (default {@code
 * admin@parley.local}) with {@code PARLEY_ADMIN_PASSWORD}, or else a random one-time password
 * printed once to the log. There is no fixed default password anywhere. A one-time password signs
 * in once; if that admin never set a password, the next start prints a new one (the operator, who
 * reads the log, is the only way back in).
 */
@ApplicationScoped
public class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
  public static final String DEFAULT_EMAIL = "admin@parley.local";

  @Inject Users users;
  @Inject Settings settings;

  void onStart(@Observes Startup.Started started) {
    if (users.count() > 0) {
      renewUsedUpOneTimePassword();
      return;
    }
    String email = settings.get("PARLEY_ADMIN_EMAIL").orElse(DEFAULT_EMAIL);
    String password = settings.get("PARLEY_ADMIN_PASSWORD").orElse(null);
    try {
      Users.WithPassword created = users.create(email, "Administrator", Role.ADMIN, password);
      if (created.oneTimePassword() != null) {
        LOG.log(
            Level.WARNING,
            "First start: created admin {0} with one-time password {1} - sign in and change it",
            new Object[] {email, created.oneTimePassword()});
      } else {
        LOG.log(Level.INFO, "First start: created admin {0} with PARLEY_ADMIN_PASSWORD", email);
      }
    } catch (RuntimeException e) {
      if (users.count() == 0) {
        throw e; // not a lost race: start-up reports it
      }
      // another node of the cluster created it first (unique email)
      LOG.log(Level.INFO, "First admin already created by another node");
    }
  }

  private void renewUsedUpOneTimePassword() {
    String email = settings.get("PARLEY_ADMIN_EMAIL").orElse(DEFAULT_EMAIL);
    users
        .byEmail(email)
        .filter(User::oneTimePasswordUsedUp)
        .ifPresent(
            admin -> {
              Users.WithPassword reset = users.resetPassword(admin.id());
              LOG.log(
                  Level.WARNING,
                  "Admin {0} signed in with the one-time password but never set a password: new"
                      + " one-time password {1} - sign in and change it",
                  new Object[] {email, reset.oneTimePassword()});
            });
  }
}
