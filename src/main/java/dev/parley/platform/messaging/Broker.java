package dev.parley.platform.messaging;

import dev.parley.platform.concurrency.Workers;
import dev.parley.platform.config.ConfigurationError;
import dev.parley.platform.config.Settings;
import dev.parley.platform.errors.RepeatedFailures;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The JMS broker. The embedded default starts an in-process ActiveMQ Artemis with a persistent
 * journal in the data directory, reachable only in-VM; with {@code PARLEY_ARTEMIS_URL} Parley is a
 * client of a standalone broker shared by all nodes.
 *
 * <p>Messages carry ids, not state. Topics fan out to every node (each node has its own non-durable
 * subscription). Work queues ({@link #enqueue}, {@link #consume}) are durable: a message survives a
 * restart, goes to one consumer on one node, is redelivered when its handler fails (up to five
 * times, a second apart) and then parks on the {@code DLQ} address.
 */
@ApplicationScoped
public class Broker {

  private static final Logger LOG = Logger.getLogger(Broker.class.getName());

  /** The message property naming the node that published a message. */
  public static final String ORIGIN = "parleyOrigin";

  /** The message property holding the key (a conversation) whose messages keep their order. */
  public static final String KEY = "parleyKey";

  /** Artemis's duplicate-detection property: a second message with the same value is dropped. */
  public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

  /** This node's identity as a publisher (see {@link #subscribeFromOthers}). */
  private final String node = java.util.UUID.randomUUID().toString();

  public String node() {
    return node;
  }

  @Inject Settings settings;

  /** Gives handlers the application's context (class loader, JNDI) on broker threads. */
  @Resource ContextService contextService;

  @Resource TransactionSynchronizationRegistry transactions;

  private EmbeddedActiveMQ embedded;
  private ActiveMQConnectionFactory factory;
  private Connection listening;

  /**
   * The connection of work-queue consumers: no prefetch (consumer window 0), so that each message
   * goes to a consumer that is free — on this node or another — instead of queueing behind the
   * first one.
   */
  private Connection working;

  private ExecutorService dispatch;
  private JMSContext publishingRoot;

  /**
   * Topic messages waiting for the publisher thread: nothing that publishes ever waits for the
   * broker (CH-9). Bounded; when it is full, or a message waited longer than five seconds, the
   * message is dropped and counted: topics carry live notifications, and the nodes catch up from
   * the database when the broker is back.
   */
  private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(10_000);

  private record Outgoing(String topic, String text, String origin, Long key, long queuedAt) {}

  private static final String PROBE = "parley.probe";
  private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long PUBLISH_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private volatile Thread publisher;
  private final AtomicLong dropped = new AtomicLong();
  private final RepeatedFailures failures = new RepeatedFailures(LOG);

  /** When this node last received its own probe back: the broker carries messages end to end. */
  private volatile long lastEcho;

  private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
  private final Queue<JMSContext> publishers = new ConcurrentLinkedQueue<>();
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  public synchronized void start() {
    if (factory != null) {
      return;
    }
    try {
      if (settings.embeddedBroker()) {
        startEmbedded(settings.dataDir().resolve("artemis"));
        factory = new ActiveMQConnectionFactory("vm://0");
      } else {
        String url = settings.brokerUrl().orElseThrow();
        factory =
            new ActiveMQConnectionFactory(
                url, settings.brokerUser().orElse(null), settings.brokerPassword().orElse(null));
        factory.setReconnectAttempts(-1);
        factory.setRetryInterval(500);
        factory.setRetryIntervalMultiplier(2.0);
        factory.setMaxRetryInterval(1_000);
      }
      factory.setCallTimeout(10_000);
      listening = createConnection();
      listening.setExceptionListener(e -> failures.record("talking to the broker", e));
      if (listening instanceof ActiveMQConnection artemis) {
        artemis.setFailoverListener(this::connectionEvent);
      }
      listening.start();
      ActiveMQConnectionFactory noPrefetch =
          settings.embeddedBroker()
              ? new ActiveMQConnectionFactory("vm://0")
              : new ActiveMQConnectionFactory(
                  settings.brokerUrl().orElseThrow(),
                  settings.brokerUser().orElse(null),
                  settings.brokerPassword().orElse(null));
      noPrefetch.setConsumerWindowSize(0);
      noPrefetch.setReconnectAttempts(-1);
      noPrefetch.setRetryInterval(500);
      noPrefetch.setCallTimeout(10_000);
      working = noPrefetch.createConnection();
      working.setExceptionListener(e -> failures.record("talking to the broker (work)", e));
      working.start();
      dispatch = Workers.create("messaging", 2, 10_000);
      subscribe(PROBE, ORIGIN + " = '" + node + "'", text -> echoed());
      Thread thread = new Thread(this::publishLoop, "parley-publisher");
      thread.setDaemon(true);
      publisher = thread;
      thread.start();
    } catch (Exception e) {
      stop();
      String where = settings.brokerUrl().orElse("the embedded broker");
      throw new ConfigurationError(
          "PARLEY_ARTEMIS_URL: cannot connect to "
              + where
              + ": "
              + e.getMessage()
              + " (check PARLEY_ARTEMIS_URL, PARLEY_ARTEMIS_USER and PARLEY_ARTEMIS_PASSWORD)",
          e);
    }
  }

  private Connection createConnection() throws JMSException {
    // a client that never connects should fail start-up rather than hang it
    ActiveMQConnectionFactory probe = factory;
    if (!settings.embeddedBroker()) {
      probe =
          new ActiveMQConnectionFactory(
              settings.brokerUrl().orElseThrow(),
              settings.brokerUser().orElse(null),
              settings.brokerPassword().orElse(null));
      probe.setInitialConnectAttempts(5);
      probe.setRetryInterval(500);
      probe.setReconnectAttempts(-1);
      probe.setCallTimeout(10_000);
    }
    return probe.createConnection();
  }

  private void startEmbedded(Path dir) throws Exception {
    ConfigurationImpl config = new ConfigurationImpl();
    config.setName("parley-embedded");
    config.setPersistenceEnabled(true);
    config.setSecurityEnabled(false);
    config.setJMXManagementEnabled(false);
    config.setJournalDirectory(dir.resolve("journal").toString());
    config.setBindingsDirectory(dir.resolve("bindings").toString());
    config.setPagingDirectory(dir.resolve("paging").toString());
    config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
    config.setJournalType(org.apache.activemq.artemis.core.server.JournalType.NIO);
    config.addAcceptorConfiguration("in-vm", "vm://0");
    config.addAddressSetting(
        "#",
        new AddressSettings()
            .setDeadLetterAddress(SimpleString.of("DLQ"))
            .setExpiryAddress(SimpleString.of("ExpiryQueue"))
            .setMaxDeliveryAttempts(5)
            .setRedeliveryDelay(1_000));
    embedded = new EmbeddedActiveMQ();
    embedded.setConfiguration(config);
    embedded.start();
    LOG.log(Level.INFO, "Embedded Artemis broker started, journal in {0}", dir);
  }

  /**
   * Publishes a text message to a topic: every node's subscribers receive it. Topics carry live
   * notifications (the database holds the facts), so messages are non-persistent and sent without
   * waiting for the broker; contexts share one connection and are pooled, as a context is not
   * thread-safe and a connection per message would cost a round trip each.
   */
  public void publish(String topic, String text) {
    publish(topic, text, null, null);
  }

  /**
   * Publishes with the publishing node's id (see {@link #publish(String, String, String, Long)}).
   */
  public void publish(String topic, String text, String origin) {
    publish(topic, text, origin, null);
  }

  /**
   * Publishes with the publishing node's id as the {@value #ORIGIN} property, so that the node's
   * own subscription can leave it out ({@link #subscribeFromOthers}), and a key (a conversation)
   * whose messages subscribers handle in order ({@link #subscribeFromOthersInOrder}). Returns at
   * once: a publisher thread sends it.
   */
  public void publish(String topic, String text, String origin, Long key) {
    if (!outgoing.offer(new Outgoing(topic, text, origin, key, System.nanoTime()))) {
      dropped.incrementAndGet();
      failures.record(
          "publishing (the queue to the broker is full)", new IllegalStateException(topic));
    }
  }

  /** Messages dropped instead of published (queue full, or too old when the broker came back). */
  public long dropped() {
    return dropped.get();
  }

  private void publishLoop() {
    long nextProbe = System.nanoTime();
    while (publisher == Thread.currentThread()) {
      try {
        if (System.nanoTime() - nextProbe >= 0) {
          nextProbe = System.nanoTime() + PROBE_EVERY_NANOS;
          send(new Outgoing(PROBE, "probe", node, null, System.nanoTime()));
        }
        Outgoing next = outgoing.poll(PROBE_EVERY_NANOS, TimeUnit.NANOSECONDS);
        if (next == null) {
          continue;
        }
        if (System.nanoTime() - next.queuedAt() > PUBLISH_MAX_AGE_NANOS) {
          dropped.incrementAndGet(); // the broker was away: the database is the way to catch up
          continue;
        }
        send(next);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        failures.record("publishing to the broker", e);
      }
    }
  }

  private void send(Outgoing message) {
    JMSContext context = publishers.poll();
    if (context == null) {
      context = publishing().createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }
    boolean healthy = false;
    try {
      var producer = context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      if (message.origin() != null) {
        producer.setProperty(ORIGIN, message.origin());
      }
      if (message.key() != null) {
        producer.setProperty(KEY, message.key());
      }
      JMSContext owner = context;
      producer.send(topics.computeIfAbsent(message.topic(), owner::createTopic), message.text());
      healthy = true;
    } finally {
      if (healthy && publishers.size() < 64) {
        publishers.offer(context);
      } else {
        context.close();
      }
    }
  }

  private synchronized JMSContext publishing() {
    if (publishingRoot == null) {
      publishingRoot = factory.createContext();
    }
    return publishingRoot;
  }

  /**
   * Publishes once the caller's transaction commits (at once when there is none): other nodes must
   * never hear of a change they cannot read yet, nor of one that rolled back.
   */
  public void publishAfterCommit(String topic, String text) {
    afterCommit(() -> publish(topic, text));
  }

  /**
   * Subscribes to what other nodes publish on a topic, in the order they published it: the handler
   * runs on the broker client's thread, one message at a time, and must hand work off quickly (to
   * lanes keyed by {@link #KEY}, say); the key is given to it with the text.
   */
  public void subscribeFromOthersInOrder(
      String topic, String origin, java.util.function.BiConsumer<Long, String> handler) {
    try {
      Session session = listening.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer =
          session.createConsumer(
              session.createTopic(topic),
              ORIGIN + " IS NULL OR " + ORIGIN + " <> '" + origin.replace("'", "''") + "'");
      consumer.setMessageListener(
          message -> {
            try {
              long key = message.propertyExists(KEY) ? message.getLongProperty(KEY) : 0L;
              handler.accept(key, ((TextMessage) message).getText());
            } catch (JMSException | RuntimeException e) {
              failures.record("reading a message of " + topic, e);
            }
          });
    } catch (JMSException e) {
      throw new IllegalStateException("Cannot subscribe to " + topic, e);
    }
  }

  /**
   * This node's probe came back. The first one after a silence (the broker was away, or this node's
   * subscriptions were being restored) means messages flow again: the reconnect listeners run, on a
   * thread of their own.
   */
  private void echoed() {
    long now = System.nanoTime();
    long previous = lastEcho;
    lastEcho = now;
    if (previous != 0 && now - previous > TimeUnit.SECONDS.toNanos(6)) {
      LOG.log(Level.INFO, "Messages flow through the broker again");
      Thread catchUp =
          new Thread(() -> reconnectListeners.forEach(Runnable::run), "parley-broker-back");
      catchUp.setDaemon(true);
      catchUp.start();
    }
  }

  /** Runs once messages flow through the broker again after a silence, e.g. to catch up. */
  public void onReconnect(Runnable listener) {
    reconnectListeners.add(listener);
  }

  private void connectionEvent(FailoverEventType event) {
    switch (event) {
      case FAILURE_DETECTED ->
          LOG.log(
              Level.WARNING,
              "Lost the broker; chat goes on on this node, other nodes will catch up");
      case FAILOVER_COMPLETED -> LOG.log(Level.INFO, "Reconnected to the broker");
      case FAILOVER_FAILED -> LOG.log(Level.WARNING, "Could not reconnect to the broker");
      default -> {}
    }
  }

  /**
   * Whether messages flow through the broker end to end: this node received its own probe (sent
   * every two seconds) within the last six. Answers from memory, never waiting for the broker.
   */
  public boolean flowing() {
    return lastEcho != 0 && System.nanoTime() - lastEcho < TimeUnit.SECONDS.toNanos(6);
  }

  /**
   * Runs an action after the current transaction commits, or now without a transaction. The action
   * runs outside any transaction and must not use JPA.
   */
  public void afterCommit(Runnable action) {
    if (transactions.getTransactionKey() == null) {
      action.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              action.run();
            }
          }
        });
  }

  /**
   * Subscribes this node to a topic. The handler runs on Parley's "messaging" workers, never on the
   * broker client's threads, so a slow handler cannot stall delivery of other messages.
   */
  public void subscribe(String topic, Consumer<String> handler) {
    subscribe(topic, null, handler);
  }

  /** Subscribes to what other nodes publish with their origin, leaving this node's own out. */
  public void subscribeFromOthers(String topic, String origin, Consumer<String> handler) {
    subscribe(
        topic,
        ORIGIN + " IS NULL OR " + ORIGIN + " <> '" + origin.replace("'", "''") + "'",
        handler);
  }

  private void subscribe(String topic, String selector, Consumer<String> handler) {
    try {
      Session session = listening.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer = session.createConsumer(session.createTopic(topic), selector);
      @SuppressWarnings("unchecked")
      Consumer<String> contextual = contextService.createContextualProxy(handler, Consumer.class);
      consumer.setMessageListener(
          message -> {
            try {
              String text = ((TextMessage) message).getText();
              dispatch.execute(() -> deliver(topic, contextual, text));
            } catch (JMSException e) {
              LOG.log(Level.WARNING, "Unreadable message on " + topic, e);
            }
          });
    } catch (JMSException e) {
      throw new IllegalStateException("Cannot subscribe to " + topic, e);
    }
  }

  private static void deliver(String topic, Consumer<String> handler, String text) {
    try {
      handler.accept(text);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Handler for " + topic + " failed", e);
    }
  }

  /**
   * Queues durable work once the caller's transaction commits (at once without one): the message is
   * persistent and waits for a consumer on any node.
   */
  public void enqueue(String queue, String text) {
    afterCommit(
        () -> {
          // contexts are pooled as for topics: a context per message would cost a connection each
          JMSContext context = publishers.poll();
          if (context == null) {
            context = publishing().createContext(JMSContext.AUTO_ACKNOWLEDGE);
          }
          boolean healthy = false;
          try {
            context
                .createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .send(context.createQueue(queue), text);
            healthy = true;
          } finally {
            if (healthy && publishers.size() < 64) {
              publishers.offer(context);
            } else {
              context.close();
            }
          }
        });
  }

  /** A message for {@link #publishDurably}: its text and its duplicate-detection id. */
  public record Durable(String text, String duplicateId) {}

  /**
   * Publishes persistent messages to a topic in one broker transaction and returns once the broker
   * has them all: for events that durable subscribers must not miss. Each message's {@code
   * duplicateId} is Artemis's duplicate-detection id, so a batch sent again after a failure that
   * hid its first success is stored once. Throws when the broker did not take them.
   */
  public void publishDurably(String topic, List<Durable> messages) {
    try (JMSContext context = publishing().createContext(JMSContext.SESSION_TRANSACTED)) {
      Topic destination = topics.computeIfAbsent(topic, context::createTopic);
      var producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
      for (Durable m : messages) {
        producer.setProperty(DUPLICATE_ID, m.duplicateId()).send(destination, m.text());
      }
      context.commit();
    }
  }

  /**
   * Consumes a work queue with {@code concurrency} sessions. Each message is acknowledged only when
   * its handler returns; a handler that throws has the message redelivered (then dead-lettered).
   */
  public void consume(String queue, int concurrency, Consumer<String> handler) {
    @SuppressWarnings("unchecked")
    Consumer<String> contextual = contextService.createContextualProxy(handler, Consumer.class);
    for (int i = 0; i < concurrency; i++) {
      try {
        Session session = working.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        consumer.setMessageListener(
            message -> {
              try {
                contextual.accept(((TextMessage) message).getText());
                session.commit();
              } catch (Exception e) {
                LOG.log(
                    Level.WARNING,
                    "Work from " + queue + " failed; it will be redelivered or dead-lettered",
                    e);
                try {
                  session.rollback();
                } catch (JMSException rollback) {
                  LOG.log(Level.WARNING, "Rollback on " + queue + " failed", rollback);
                }
              }
            });
      } catch (JMSException e) {
        throw new IllegalStateException("Cannot consume " + queue, e);
      }
    }
  }

  /** Seconds since this node's last probe came back through the broker (-1: never). */
  public long secondsSinceEcho() {
    return lastEcho == 0 ? -1 : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastEcho);
  }

  public String describe() {
    return settings.embeddedBroker() ? "embedded" : settings.brokerUrl().orElse("?");
  }

  @PreDestroy
  public synchronized void stop() {
    Thread thread = publisher;
    publisher = null;
    if (thread != null) {
      thread.interrupt();
    }
    try {
      if (listening != null) {
        listening.close();
      }
    } catch (JMSException e) {
      LOG.log(Level.FINE, "closing", e);
    }
    listening = null;
    try {
      if (working != null) {
        working.close();
      }
    } catch (JMSException e) {
      LOG.log(Level.FINE, "closing", e);
    }
    working = null;
    JMSContext pooled;
    while ((pooled = publishers.poll()) != null) {
      pooled.close();
    }
    if (publishingRoot != null) {
      publishingRoot.close();
      publishingRoot = null;
    }
    topics.clear();
    if (factory != null) {
      factory.close();
      factory = null;
    }
    if (dispatch != null) {
      Workers.shutdown("messaging");
      dispatch = null;
    }
    if (embedded != null) {
      try {
        embedded.stop();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Embedded broker did not stop cleanly", e);
      }
      embedded = null;
    }
  }
}
