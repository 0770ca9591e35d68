package dev.parley.platform.persistence;

import dev.parley.platform.config.ConfigurationError;
import dev.parley.platform.config.Settings;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Versioned schema migrations (Flyway), the only way Parley's schema changes. Scripts under {@code
 * db/migration/common} run on H2 and PostgreSQL alike; {@code db/migration/{vendor}} holds the few
 * that cannot (pgvector, full-text indexes).
 */
@ApplicationScoped
public class Migrations {

  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  @Resource(lookup = "jdbc/parley")
  DataSource dataSource;

  @Inject Settings settings;

  private volatile String vendor;

  /** Attempts of a migration whose connection was lost (the database restarted under the pool). */
  static final int ATTEMPTS = 3;

  /**
   * Brings the schema to the latest version. A connection lost midway (the pool still held
   * connections to a database that has restarted since; the first failure makes Liberty discard
   * them all) is tried again with new ones; anything else fails start-up at once.
   */
  public void migrate() {
    for (int attempt = 1; ; attempt++) {
      try {
        migrateOnce();
        return;
      } catch (ConfigurationError e) {
        throw e;
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS || !connectionLost(e)) {
          throw e;
        }
        LOG.log(
            Level.WARNING,
            "The database connection was lost while migrating ({0}); trying again with new"
                + " connections",
            rootMessage(e));
        try {
          Thread.sleep(500L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Whether a failure says the connection broke (SQLState class 08), not what was sent on it. */
  static boolean connectionLost(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 30; t = t.getCause(), depth++) {
      if (t instanceof java.sql.SQLRecoverableException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private void migrateOnce() {
    vendor = vendor();
    // each location holds an empty flyway.location file: Liberty's class loaders, like
    // WebSphere's, find a resource folder only through a file in it
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
            .failOnMissingLocations(true)
            .load();
    MigrateResult result = flyway.migrate();
    LOG.log(
        Level.INFO,
        "Database schema at version {0} ({1} migrations applied now)",
        new Object[] {result.targetSchemaVersion, result.migrationsExecuted});
  }

  /** Whether the database is PostgreSQL (else the embedded H2), known once migrated. */
  public boolean postgres() {
    return "postgresql".equals(vendor);
  }

  /** Connects once (a wrong URL or password fails here, named) and tells the database kind. */
  private String vendor() {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
      if (product.contains("postgres")) {
        return "postgresql";
      }
      if (product.contains("h2")) {
        return "h2";
      }
      throw new ConfigurationError(
          java.util.List.of("PARLEY_DB_URL: unsupported database " + product + "; use PostgreSQL"));
    } catch (SQLException e) {
      String url = settings.databaseUrl().orElse("the embedded H2 database");
      throw new ConfigurationError(
          "PARLEY_DB_URL: cannot connect to "
              + url
              + " as "
              + settings.get("PARLEY_DB_USER").orElse("the default user")
              + ": "
              + rootMessage(e)
              + " (check PARLEY_DB_URL, PARLEY_DB_USER and PARLEY_DB_PASSWORD)",
          e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
