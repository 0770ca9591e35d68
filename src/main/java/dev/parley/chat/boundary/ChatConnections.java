package dev.parley.chat.boundary;

import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.Inboxes;
import dev.parley.chat.control.Participant;
import dev.parley.identity.control.Authenticator;
import dev.parley.identity.entity.Caller;
import dev.parley.platform.json.Jsons;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's live connections, indexed for delivery: visitors by visitor id, staff by user id,
 * watchers by conversation, and staff sessions by login token (to close them on revocation). It
 * delivers every {@link ChatEvent} fired on this node, whether it happened here or came from
 * another node.
 */
@ApplicationScoped
public class ChatConnections {

  private static final Logger LOG = Logger.getLogger(ChatConnections.class.getName());

  /** Close code for a revoked or expired session (4000-4999 are the application's). */
  public static final int SESSION_REVOKED = 4401;

  private final Map<String, Connection> all = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> visitors = new ConcurrentHashMap<>();
  private final Map<Long, Set<Connection>> agents = new ConcurrentHashMap<>();
  private final Map<Long, Set<Connection>> watchers = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> byToken = new ConcurrentHashMap<>();
  private final Set<Connection> staff = ConcurrentHashMap.newKeySet();
  private volatile boolean shutDown;

  void add(Connection c, String tokenHash) {
    all.put(c.id(), c);
    if (c.participant() instanceof Participant.Visitor v) {
      index(visitors, v.visitorId(), c);
    } else if (c.participant() instanceof Participant.Staff s) {
      staff.add(c);
      index(agents, s.caller().id(), c);
      if (tokenHash != null) {
        index(byToken, tokenHash, c);
      }
    }
  }

  void remove(Connection c, String tokenHash) {
    c.markClosed();
    all.remove(c.id());
    if (c.participant() instanceof Participant.Visitor v) {
      unindex(visitors, v.visitorId(), c);
    } else if (c.participant() instanceof Participant.Staff s) {
      staff.remove(c);
      unindex(agents, s.caller().id(), c);
      if (tokenHash != null) {
        unindex(byToken, tokenHash, c);
      }
    }
    for (Long conversation : c.watching()) {
      unindex(watchers, conversation, c);
    }
  }

  void watch(Connection c, long conversation) {
    if (c.watching().add(conversation)) {
      index(watchers, conversation, c);
    }
  }

  void unwatch(Connection c, long conversation) {
    if (c.watching().remove(conversation)) {
      unindex(watchers, conversation, c);
    }
  }

  /** Staff connections on this node watching a conversation. */
  Set<Connection> watchersOf(long conversation) {
    return watchers.getOrDefault(conversation, Set.of());
  }

  public int count() {
    return all.size();
  }

  public int staffCount() {
    return staff.size();
  }

  private static <K> void index(Map<K, Set<Connection>> index, K key, Connection c) {
    index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  private static <K> void unindex(Map<K, Set<Connection>> index, K key, Connection c) {
    index.computeIfPresent(
        key,
        (k, set) -> {
          set.remove(c);
          return set.isEmpty() ? null : set;
        });
  }

  /** Delivers an event to the connections of this node that are in its audience. */
  void deliver(@Observes ChatEvent event) {
    Frames staffFrames = new Frames(event.envelope());
    Frames visitorFrames =
        event.visitorEnvelope() == null ? null : new Frames(event.visitorEnvelope());
    Set<Connection> staffTargets = new LinkedHashSet<>();
    switch (event.audience()) {
      case CONVERSATION -> {
        if (event.assigneeId() != null) {
          staffTargets.addAll(agents.getOrDefault(event.assigneeId(), Set.of()));
        }
        staffTargets.addAll(watchersOf(event.conversationId()));
      }
      case INBOX -> {
        for (Connection c : staff) {
          Caller caller = ((Participant.Staff) c.participant()).caller();
          if (Inboxes.mayWork(caller, event.teamIds())
              || (event.assigneeId() != null && event.assigneeId() == caller.id())) {
            staffTargets.add(c);
          }
        }
        staffTargets.addAll(watchersOf(event.conversationId()));
      }
      case ALL_STAFF -> staffTargets.addAll(staff);
    }
    for (Connection c : staffTargets) {
      if (!c.id().equals(event.excludeConnection())) {
        c.send(staffFrames.in(c.format()));
      }
    }
    if (visitorFrames != null && event.visitorId() != null) {
      for (Connection c : visitors.getOrDefault(event.visitorId(), Set.of())) {
        if (((Participant.Visitor) c.participant()).inboxId() == event.inboxId()
            && !c.id().equals(event.excludeConnection())) {
          c.send(visitorFrames.in(c.format()));
        }
      }
    }
  }

  /** An envelope encoded at most once per wire format, however many receive it. */
  private static final class Frames {
    private final JsonObject envelope;
    private final Map<String, Object> encoded = new ConcurrentHashMap<>();

    Frames(JsonObject envelope) {
      this.envelope = envelope;
    }

    Object in(WireFormat format) {
      return encoded.computeIfAbsent(format.subprotocol(), p -> format.encode(envelope));
    }
  }

  /** Closes the staff connections of a revoked login session, on whichever node they are. */
  void onRevoked(@Observes Authenticator.Revoked revoked) {
    Set<Connection> connections = byToken.remove(revoked.tokenHash());
    if (connections != null) {
      for (Connection c : connections) {
        c.close(() -> SESSION_REVOKED, "session revoked");
      }
    }
  }

  /**
   * The node is stopping: every client is told to reconnect (to another node, or to this one when
   * it is back) after a random delay that spreads the reconnection storm, then closed with 1012.
   */
  @PreDestroy
  void shutdown() {
    if (shutDown) {
      return;
    }
    shutDown = true;
    java.util.List<Connection> open = java.util.List.copyOf(all.values());
    if (!open.isEmpty()) {
      LOG.log(Level.INFO, "Telling {0} chat clients to reconnect elsewhere", open.size());
    }
    for (Connection c : open) {
      JsonObject reconnect =
          Jsons.object()
              .add("type", "reconnect")
              .add("reason", "node shutting down")
              .add("afterMs", ThreadLocalRandom.current().nextInt(250, 3_000))
              .build();
      c.send(c.format().encode(reconnect));
      c.closeAfterSending(CloseReason.CloseCodes.SERVICE_RESTART, "node shutting down");
    }
    // give the sends a moment: the container tears the sockets down right after this
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    while (open.stream().anyMatch(Connection::isOpen) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Connections by kind, for metrics. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new java.util.HashMap<>();
    counts.put("visitor", all.size() - staff.size());
    counts.put("staff", staff.size());
    return counts;
  }
}
