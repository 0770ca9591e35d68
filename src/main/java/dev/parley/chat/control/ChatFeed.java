package dev.parley.chat.control;

import dev.parley.platform.concurrency.Lanes;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.errors.RepeatedFailures;
import dev.parley.platform.messaging.Broker;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers {@link ChatEvent}s to live clients on every node: on this node directly (a CDI event the
 * connection registry observes), on the others through the {@value #TOPIC} topic. Stored facts go
 * out only after their transaction commits, so no client hears of a message it could not fetch on
 * resume.
 *
 * <p>Events carry the rendered envelope rather than ids: the database stays the truth (resume reads
 * it), but fanning a message out to thousands of clients must not cost every node a query.
 *
 * <p><b>Order and completeness on every node (CH-9).</b> Every event of a conversation, from this
 * node or another, is delivered on that conversation's lane (one thread per lane, conversations
 * spread over the lanes): in order per conversation, in parallel across conversations. A message
 * event passes the {@link SequenceGate}: a duplicate is dropped, and a message past a hole waits
 * while the missing messages are read from the database and delivered first. Publishing never
 * blocks chat ({@link Broker#publish} returns at once); when the broker was away, every node
 * catches up from the database once it is back: the missed messages of the conversations it
 * follows, and the state of every conversation that changed meanwhile.
 */
@ApplicationScoped
public class ChatFeed {

  private static final Logger LOG = Logger.getLogger(ChatFeed.class.getName());

  public static final String TOPIC = "parley.chat.events";

  /** This node's identity on the topic, to skip its own events (already delivered locally). */
  private final String node = UUID.randomUUID().toString();

  private final SequenceGate gate = new SequenceGate(200_000);
  private final RepeatedFailures failures = new RepeatedFailures(LOG);

  @Inject Broker broker;
  @Inject Event<ChatEvent> local;
  @Inject Settings settings;
  @Inject Instance<Conversations> conversations;

  /** Gives the lanes' threads the application's context (JNDI, class loader) for the database. */
  @Resource ContextService contextService;

  /** Runs work in the application's context, on the lanes' and the broker's threads. */
  private Consumer<Runnable> inContext;

  @Inject
  @ConfigProperty(name = "parley.chat.delivery-lanes", defaultValue = "4")
  int laneCount;

  @Inject
  @ConfigProperty(name = "parley.chat.delivery-queue", defaultValue = "10000")
  int laneCapacity;

  private volatile Lanes lanes;

  /**
   * Whether other nodes may exist: only a standalone broker is shared (the embedded one is in-VM).
   */
  private boolean shared;

  /** When the broker was last known to carry messages (the catch-up looks back from there). */
  private volatile OffsetDateTime lastFlowing = now();

  @SuppressWarnings("unchecked")
  void onStart(@Observes Startup.Started started) {
    inContext =
        contextService.createContextualProxy((Consumer<Runnable>) Runnable::run, Consumer.class);
    lanes = new Lanes("chat-delivery", laneCount, laneCapacity);
    shared = !settings.embeddedBroker();
    if (shared) {
      broker.subscribeFromOthersInOrder(TOPIC, node, this::receive);
      broker.onReconnect(
          () -> {
            inContext.accept(this::catchUp);
            // once more when the other nodes' publishers surely are back too: what they stored
            // meanwhile and could not publish is older than what they drop (five seconds)
            try {
              Thread.sleep(6_000);
              inContext.accept(this::catchUp);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
  }

  @PreDestroy
  void stop() {
    if (lanes != null) {
      lanes.shutdown();
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
    if (broker.flowing()) {
      lastFlowing = now();
    }
    if (!lanes.offer(event.conversationId(), () -> inContext.accept(() -> deliver(event)))) {
      failures.record(
          "delivering a chat event (the conversation's lane is full)",
          new IllegalStateException("lane full"));
    }
    if (shared) {
      broker.publish(TOPIC, event.toJson(node), node, event.conversationId());
    }
  }

  /** An event from another node, in the order that node published it. */
  private void receive(long conversation, String text) {
    ChatEvent.Remote remote = ChatEvent.fromJson(text);
    if (node.equals(remote.node())) {
      return;
    }
    try {
      lanes.put(
          remote.event().conversationId(), () -> inContext.accept(() -> deliver(remote.event())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Delivers on this node, on the conversation's lane: messages in order, holes filled first. */
  private void deliver(ChatEvent event) {
    Long seq = messageSeq(event.envelope());
    if (seq == null) {
      fire(event);
      return;
    }
    SequenceGate.Decision decision = gate.arrive(event.conversationId(), seq);
    switch (decision.verdict()) {
      case DUPLICATE -> {
        return;
      }
      case FILL_FIRST -> fill(event.conversationId(), decision.lastDelivered(), seq);
      case DELIVER -> {}
    }
    fire(event);
    gate.delivered(event.conversationId(), seq);
  }

  /** Delivers the stored messages after {@code after} and before {@code before}, in order. */
  private void fill(long conversation, long after, long before) {
    try {
      for (ChatEvent missed : conversations.get().missed(conversation, after, before)) {
        Long seq = messageSeq(missed.envelope());
        fire(missed);
        if (seq != null) {
          gate.delivered(conversation, seq);
        }
      }
    } catch (RuntimeException e) {
      // the database is away too: clients see the hole (prev) and resume when it is back
      failures.record("reading the messages a live view missed", e);
    }
  }

  /**
   * The broker is back: whatever other nodes published meanwhile was lost. For every conversation
   * this node follows, deliver what was stored since, and tell the staff of every conversation that
   * changed since the broker was last seen carrying messages its current state.
   */
  void catchUp() {
    OffsetDateTime since = lastFlowing.minusSeconds(10);
    int followed = 0;
    for (long conversation : gate.conversations()) {
      followed++;
      lanes.offer(
          conversation,
          () ->
              inContext.accept(
                  () -> {
                    Long last = gate.last(conversation);
                    if (last != null) {
                      fill(conversation, last, Long.MAX_VALUE);
                    }
                  }));
    }
    try {
      List<ChatEvent> changed = conversations.get().changedSince(since, 5_000);
      for (ChatEvent state : changed) {
        lanes.offer(state.conversationId(), () -> fire(state));
      }
      LOG.log(
          Level.INFO,
          "Caught up after the broker came back: {0} followed conversations, {1} changed since {2}",
          new Object[] {followed, changed.size(), since});
    } catch (RuntimeException e) {
      failures.record("catching up after the broker came back", e);
    }
    lastFlowing = now();
  }

  private void fire(ChatEvent event) {
    try {
      local.fire(event);
    } catch (RuntimeException e) {
      failures.record("delivering a chat event on this node", e);
    }
  }

  /** The sequence number of a message envelope; null for any other event. */
  static Long messageSeq(JsonObject envelope) {
    if (envelope != null
        && "message".equals(envelope.getString("type", ""))
        && envelope.get("seq") instanceof JsonNumber seq) {
      return seq.longValue();
    }
    return null;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  public String node() {
    return node;
  }
}
