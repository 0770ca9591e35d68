package dev.parley.platform.health;

import dev.parley.knowledge.control.Embeddings;
import dev.parley.platform.cache.Caches;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: Parley serves only when its database, broker and cache answer and the
 * embedding model is loaded. Every check answers within its own bounded time: the database's
 * connection check has a 2 s limit, the broker's state is kept in memory.
 */
@ApplicationScoped
public class ReadinessChecks {

  @Resource(lookup = "jdbc/parley")
  DataSource dataSource;

  @Inject Settings settings;
  @Inject Broker broker;
  @Inject Caches caches;
  @Inject Startup startup;
  @Inject Embeddings embeddings;

  @Produces
  @Readiness
  HealthCheck started() {
    return () -> HealthCheckResponse.named("startup").status(startup.isUp()).build();
  }

  @Produces
  @Readiness
  HealthCheck database() {
    return () -> {
      String kind = settings.embeddedDatabase() ? "embedded H2" : "PostgreSQL";
      long begin = System.nanoTime();
      try (Connection connection = dataSource.getConnection()) {
        boolean valid = connection.isValid(2);
        return HealthCheckResponse.named("database")
            .status(valid)
            .withData("kind", kind)
            .withData("latencyMs", (System.nanoTime() - begin) / 1_000_000)
            .build();
      } catch (SQLException e) {
        return HealthCheckResponse.named("database")
            .down()
            .withData("kind", kind)
            .withData("error", String.valueOf(e.getMessage()))
            .build();
      }
    };
  }

  @Produces
  @Readiness
  HealthCheck broker() {
    // from memory, never waiting for the broker: UP when this node's own probe came back through
    // it lately, i.e. when chat events can flow between nodes end to end (CH-9)
    return () ->
        HealthCheckResponse.named("broker")
            .status(startup.isUp() && broker.flowing())
            .withData("broker", settings.embeddedBroker() ? "embedded Artemis" : broker.describe())
            .withData("secondsSinceRoundTrip", broker.secondsSinceEcho())
            .withData("droppedNotifications", broker.dropped())
            .build();
  }

  @Produces
  @Readiness
  HealthCheck embeddingModel() {
    return () -> {
      var response =
          HealthCheckResponse.named("embedding-model")
              .status(embeddings.ready())
              .withData("model", embeddings.model());
      embeddings.failure().ifPresent(f -> response.withData("error", f));
      return response.build();
    };
  }

  @Produces
  @Readiness
  HealthCheck cache() {
    return () ->
        HealthCheckResponse.named("cache")
            .status(caches.running())
            .withData("infinispan", caches.describe())
            .build();
  }
}
