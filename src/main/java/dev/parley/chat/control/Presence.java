package dev.parley.chat.control;

import dev.parley.platform.cache.Caches;
import dev.parley.platform.json.Jsons;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.infinispan.Cache;

/**
 * Agents' presence across the cluster, in the replicated {@link Caches#PRESENCE} cache: the status
 * an agent chose ({@code online}, {@code away}, {@code offline}) and, per node, how many live
 * connections they have. An agent whose connections have all dropped is away. Each node refreshes
 * its own connection entries; they expire when a node dies without saying goodbye, so a killed
 * node's agents turn away within {@link #LEASE_SECONDS}.
 */
@ApplicationScoped
public class Presence {

  private static final Logger LOG = Logger.getLogger(Presence.class.getName());

  static final long LEASE_SECONDS = 45;

  public enum Status {
    ONLINE,
    AWAY,
    OFFLINE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  @Inject Caches caches;
  @Inject ChatFeed feed;
  @Inject PresenceLog history;

  @Resource ManagedScheduledExecutorService scheduler;

  /** This node's live connections per agent. */
  private final Map<Long, Integer> local = new ConcurrentHashMap<>();

  private ScheduledFuture<?> renewal;

  private Cache<String, String> cache() {
    return caches.cache(Caches.PRESENCE);
  }

  private String connectionKey(long agentId) {
    return "c:" + agentId + ":" + feed.node();
  }

  private static String statusKey(long agentId) {
    return "s:" + agentId;
  }

  /**
   * An agent's connection opened on this node: they are online unless they chose offline. Presence
   * is advisory: when the cluster cannot be written (a member just died and is not yet suspected)
   * chat goes on and presence catches up on the next change or lease renewal.
   */
  public void connected(long agentId) {
    try {
      connectedOrFail(agentId);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot record presence of agent {0}: {1}",
          new Object[] {agentId, e.toString()});
    }
  }

  private void connectedOrFail(long agentId) {
    local.merge(agentId, 1, Integer::sum);
    lease(agentId);
    // connecting makes an agent online, unless they chose to be offline (invisible) before
    if (!Status.OFFLINE.wire().equals(cache().get(statusKey(agentId)))) {
      change(agentId, Status.ONLINE);
    }
    startRenewal();
  }

  /** An agent's connection closed; with none left anywhere they are away. */
  public void disconnected(long agentId) {
    try {
      disconnectedOrFail(agentId);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot record presence of agent {0}: {1}",
          new Object[] {agentId, e.toString()});
    }
  }

  private void disconnectedOrFail(long agentId) {
    Integer left = local.computeIfPresent(agentId, (id, n) -> n > 1 ? n - 1 : null);
    if (left == null) {
      cache().remove(connectionKey(agentId));
      if (!connectedAnywhere(agentId) && chosen(agentId) == Status.ONLINE) {
        change(agentId, Status.AWAY);
      }
    }
  }

  /** The agent sets their status. */
  public void set(long agentId, Status status) {
    change(agentId, status);
  }

  private void change(long agentId, Status status) {
    String previous = cache().put(statusKey(agentId), status.wire());
    if (!status.wire().equals(previous)) {
      try {
        history.changed(agentId, status, java.time.Instant.now());
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Cannot record the presence of agent {0} over time: {1}",
            new Object[] {agentId, e.toString()});
      }
      feed.send(
          new ChatEvent(
              ChatEvent.Audience.ALL_STAFF,
              0,
              0,
              null,
              null,
              Set.of(),
              Jsons.object()
                  .add("type", "presence")
                  .add("agent", agentId)
                  .add("status", status.wire())
                  .build(),
              null,
              null));
    }
  }

  private Status chosen(long agentId) {
    String value = cache().get(statusKey(agentId));
    return value == null ? Status.OFFLINE : Status.fromWire(value);
  }

  private boolean connectedAnywhere(long agentId) {
    String prefix = "c:" + agentId + ":";
    return cache().keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** What others see: the chosen status, but away when no connection is live. */
  public Status of(long agentId) {
    Status chosen = chosen(agentId);
    if (chosen == Status.ONLINE && !connectedAnywhere(agentId)) {
      return Status.AWAY;
    }
    return chosen;
  }

  /** Agents who are online (chosen and connected) among the given ones. */
  public Set<Long> online(Set<Long> agentIds) {
    Set<Long> connected =
        cache().keySet().stream()
            .filter(k -> k.startsWith("c:"))
            .map(k -> Long.parseLong(k.substring(2, k.indexOf(':', 2))))
            .collect(Collectors.toSet());
    return agentIds.stream()
        .filter(connected::contains)
        .filter(id -> chosen(id) == Status.ONLINE)
        .collect(Collectors.toSet());
  }

  private void lease(long agentId) {
    cache().put(connectionKey(agentId), "1", LEASE_SECONDS, TimeUnit.SECONDS);
  }

  private synchronized void startRenewal() {
    if (renewal == null) {
      renewal =
          scheduler.scheduleAtFixedRate(
              () -> {
                try {
                  local.keySet().forEach(this::lease);
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "Cannot renew presence: {0}", e.toString());
                }
              },
              LEASE_SECONDS / 3,
              LEASE_SECONDS / 3,
              TimeUnit.SECONDS);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (renewal != null) {
      renewal.cancel(false);
    }
  }
}
