package dev.parley.platform.config;

import dev.parley.platform.cache.Caches;
import dev.parley.platform.messaging.Broker;
import dev.parley.platform.persistence.Migrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings Parley up in a fixed order: validate settings, migrate the schema, start the cache and the
 * broker, then tell the features ({@link Started}). A failure is logged as one line per problem,
 * each naming its setting, and (by default) stops the server: a half-started helpdesk that accepts
 * connections it cannot serve is worse than none.
 */
@ApplicationScoped
public class Startup {

  private static final Logger LOG = Logger.getLogger(Startup.class.getName());

  /**
   * Fired once the platform is up; features observe it to seed their data.
   *
   * @param servletContext the web application's context (null outside a web container)
   */
  public record Started(ServletContext servletContext) {}

  @Inject Settings settings;
  @Inject Migrations migrations;
  @Inject Caches caches;
  @Inject Broker broker;
  @Inject Event<Started> started;

  @Inject
  @ConfigProperty(name = "parley.startup.exit-on-failure", defaultValue = "true")
  boolean exitOnFailure;

  private volatile boolean up;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object payload) {
    long begin = System.nanoTime();
    try {
      settings.validate();
      migrations.migrate();
      caches.start();
      broker.start();
      started.fire(new Started(payload instanceof ServletContext context ? context : null));
      up = true;
      LOG.log(
          Level.INFO,
          "Parley started in {0} ms (database: {1}, broker: {2}, cache: {3})",
          new Object[] {
            (System.nanoTime() - begin) / 1_000_000,
            settings.embeddedDatabase() ? "embedded H2" : "PostgreSQL",
            settings.embeddedBroker() ? "embedded Artemis" : settings.brokerUrl().orElseThrow(),
            settings.clustered() ? "clustered Infinispan" : "local Infinispan"
          });
    } catch (ConfigurationError e) {
      for (String problem : e.problems()) {
        LOG.log(Level.SEVERE, "Parley cannot start: {0}", problem);
      }
      if (e.getCause() != null) {
        LOG.log(Level.FINE, "cause", e.getCause());
      }
      stop();
      throw e;
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Parley cannot start: " + oneLine(e), e);
      stop();
      throw e;
    }
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).replaceAll("\\s+", " ");
  }

  public boolean isUp() {
    return up;
  }

  private void stop() {
    if (exitOnFailure) {
      LOG.severe("Parley stops the server; fix what is named above and start again.");
      // exit on another thread: the server's shutdown hooks wait for this start-up thread
      Thread exit = new Thread(() -> System.exit(78), "parley-config-exit");
      exit.setDaemon(false);
      exit.start();
    }
  }
}
