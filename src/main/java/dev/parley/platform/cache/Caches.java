package dev.parley.platform.cache;

import dev.parley.platform.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Infinispan: local by default; with {@code PARLEY_CLUSTER_ENABLED=true} the nodes form a JGroups
 * cluster over TCP ({@code jgroups-parley.xml}, discovery by {@code PARLEY_JGROUPS_INITIAL_HOSTS})
 * and the shared caches replicate.
 *
 * <p>Caches are named here, so a newcomer finds every cache and its mode in one place.
 */
@ApplicationScoped
public class Caches {

  private static final Logger LOG = Logger.getLogger(Caches.class.getName());

  /** Authenticated callers by token hash; node-local, invalidated across nodes through JMS. */
  public static final String PRINCIPALS = "principals";

  /** Failed login counters by account and by IP; shared by the cluster. */
  public static final String LOGIN_FAILURES = "login-failures";

  /** Agents' chosen status and live connection counts per node; shared by the cluster. */
  public static final String PRESENCE = "presence";

  /** Counters of {@link Throttle}: per key, events in the current window (cluster-wide). */
  public static final String THROTTLES = "throttles";

  @Inject Settings settings;

  private EmbeddedCacheManager manager;

  public synchronized void start() {
    if (manager != null) {
      return;
    }
    manager =
        create(
            settings.clustered(),
            settings.clusterName(),
            settings.jgroupsBindAddress(),
            settings.jgroupsPort(),
            settings.jgroupsInitialHosts().orElse(null));
  }

  /** Builds a cache manager; public for the clustering test, which starts two in one JVM. */
  public static EmbeddedCacheManager create(
      boolean clustered, String clusterName, String bindAddress, int port, String initialHosts) {
    GlobalConfigurationBuilder global =
        clustered
            ? GlobalConfigurationBuilder.defaultClusteredBuilder()
            : new GlobalConfigurationBuilder().nonClusteredDefault();
    global.cacheContainer().name("parley");
    if (clustered) {
      System.setProperty("parley.jgroups.bind_addr", bindAddress);
      System.setProperty("parley.jgroups.bind_port", Integer.toString(port));
      System.setProperty(
          "parley.jgroups.initial_hosts",
          initialHosts != null ? initialHosts : bindAddress + "[" + port + "]");
      global
          .transport()
          .clusterName(clusterName)
          .addProperty("configurationFile", "jgroups-parley.xml");
    }
    DefaultCacheManager manager = new DefaultCacheManager(global.build(), false);
    manager.defineConfiguration(
        PRINCIPALS,
        new ConfigurationBuilder()
            .clustering()
            .cacheMode(CacheMode.LOCAL)
            .expiration()
            .lifespan(60, TimeUnit.SECONDS)
            .memory()
            .maxCount(20_000)
            .build());
    manager.defineConfiguration(
        LOGIN_FAILURES,
        new ConfigurationBuilder()
            .clustering()
            .cacheMode(clustered ? CacheMode.REPL_SYNC : CacheMode.LOCAL)
            .expiration()
            .lifespan(15, TimeUnit.MINUTES)
            .memory()
            .maxCount(200_000)
            .build());
    manager.defineConfiguration(
        THROTTLES,
        new ConfigurationBuilder()
            .clustering()
            .cacheMode(clustered ? CacheMode.REPL_SYNC : CacheMode.LOCAL)
            .expiration()
            .lifespan(1, TimeUnit.HOURS)
            .memory()
            .maxCount(200_000)
            .build());
    manager.defineConfiguration(
        PRESENCE,
        new ConfigurationBuilder()
            .clustering()
            .cacheMode(clustered ? CacheMode.REPL_SYNC : CacheMode.LOCAL)
            .memory()
            .maxCount(1_000_000)
            .build());
    manager.start();
    manager.getCache(PRESENCE);
    manager.getCache(PRINCIPALS);
    manager.getCache(LOGIN_FAILURES);
    manager.getCache(THROTTLES);
    LOG.log(
        Level.INFO,
        "Infinispan {0} started ({1})",
        new Object[] {
          clustered ? "cluster " + clusterName : "cache",
          clustered ? "members " + manager.getMembers() : "local"
        });
    return manager;
  }

  public <K, V> Cache<K, V> cache(String name) {
    return manager.getCache(name);
  }

  public boolean running() {
    return manager != null && manager.getStatus() == ComponentStatus.RUNNING;
  }

  public String describe() {
    if (manager == null) {
      return "not started";
    }
    return settings.clustered()
        ? "clustered, " + manager.getMembers().size() + " members"
        : "local";
  }

  @PreDestroy
  public synchronized void stop() {
    if (manager != null) {
      manager.stop();
      manager = null;
    }
  }
}
