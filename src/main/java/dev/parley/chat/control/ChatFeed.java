package dev.parley.chat.control;

import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.messaging.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers {@link ChatEvent}s to live clients on every node: on this node directly (a CDI event the
 * connection registry observes), on the others through the {@value #TOPIC} topic. Stored facts go
 * out only after their transaction commits, so no client hears of a message it could not fetch on
 * resume.
 *
 * <p>Events carry the rendered envelope rather than ids: the database stays the truth (resume reads
 * it), but fanning a message out to thousands of clients must not cost every node a query.
 */
@ApplicationScoped
public class ChatFeed {

  private static final Logger LOG = Logger.getLogger(ChatFeed.class.getName());

  public static final String TOPIC = "parley.chat.events";

  /** This node's identity on the topic, to skip its own events (already delivered locally). */
  private final String node = UUID.randomUUID().toString();

  @Inject Broker broker;
  @Inject Event<ChatEvent> local;

  @Inject Settings settings;

  /**
   * Whether other nodes may exist: only a standalone broker is shared (the embedded one is in-VM).
   */
  private boolean shared;

  void onStart(@Observes Startup.Started started) {
    shared = !settings.embeddedBroker();
    if (shared) {
      broker.subscribeFromOthers(TOPIC, node, this::receive);
    }
  }

  /**
   * Sends once the current transaction commits (at once without one). The event is built then, so
   * it shows the conversation as committed (its final assignee, not an intermediate one); the
   * builder must only read fields, never use JPA.
   */
  public void afterCommit(Supplier<ChatEvent> event) {
    broker.afterCommit(() -> send(event.get()));
  }

  /** Sends now: for what is never stored (typing, viewers, presence). */
  public void send(ChatEvent event) {
    try {
      local.fire(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Local delivery of a chat event failed", e);
    }
    if (!shared) {
      return; // one node: nobody else to tell
    }
    try {
      broker.publish(TOPIC, event.toJson(node), node);
    } catch (RuntimeException e) {
      // other nodes' clients catch up on resume; local clients already have it
      LOG.log(Level.WARNING, "Cannot publish a chat event to other nodes: {0}", e.toString());
    }
  }

  private void receive(String text) {
    ChatEvent.Remote remote = ChatEvent.fromJson(text);
    if (!node.equals(remote.node())) {
      local.fire(remote.event());
    }
  }

  public String node() {
    return node;
  }
}
