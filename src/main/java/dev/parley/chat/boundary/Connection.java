package dev.parley.chat.boundary;

import dev.parley.chat.control.Participant;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One live client connection (a visitor's widget or a staff user's app) and what the server knows
 * of it: who, which conversations it watches, its rate budget. Outgoing frames go through a queue
 * with one send in flight, as a WebSocket session allows only one at a time; a client that stops
 * reading is closed rather than allowed to fill the server's memory. Incoming frames wait in a
 * bounded queue too ({@link #MAX_INCOMING}).
 */
public final class Connection {

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());

  /** Frames queued for a client before it is considered stuck and closed. */
  static final int MAX_QUEUED = 2_000;

  /**
   * Frames received and not yet handled, at most: past it a frame is refused with {@code retry}
   * (the server is behind, e.g. while its database is slow).
   */
  static final int MAX_INCOMING = 256;

  private final AtomicInteger pending = new AtomicInteger();

  private final Session session;
  private final Participant participant;
  private final WireFormat format;
  private final String remoteAddress;
  private final RateLimit rate;
  private final Set<Long> watching = ConcurrentHashMap.newKeySet();
  private final Queue<Object> outgoing = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final Queue<Object> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean handling = new AtomicBoolean();
  private volatile boolean closed;
  private final Object holding = new Object();
  private volatile List<Object> heldBack; // while the welcome is being prepared

  Connection(
      Session session,
      Participant participant,
      WireFormat format,
      String remoteAddress,
      RateLimit rate) {
    this.session = session;
    this.participant = participant;
    this.format = format;
    this.remoteAddress = remoteAddress;
    this.rate = rate;
  }

  public String id() {
    return session.getId();
  }

  public Participant participant() {
    return participant;
  }

  public boolean isStaff() {
    return participant instanceof Participant.Staff;
  }

  WireFormat format() {
    return format;
  }

  String remoteAddress() {
    return remoteAddress;
  }

  RateLimit rate() {
    return rate;
  }

  Set<Long> watching() {
    return watching;
  }

  /** Queues an encoded frame (a String for text, a byte[] for binary). */
  void send(Object frame) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "client too slow");
      return;
    }
    if (heldBack != null) {
      synchronized (holding) {
        if (heldBack != null) {
          heldBack.add(frame);
          return;
        }
      }
    }
    outgoing.add(frame);
    pump();
  }

  /**
   * Holds back every frame sent from now on until {@link #sendFirst}: a connection receives live
   * events from the moment it is registered, yet its welcome must be the first frame it reads.
   */
  void holdBack() {
    synchronized (holding) {
      heldBack = new ArrayList<>();
    }
  }

  /** Queues {@code frame}, then the frames held back meanwhile, in order, and sends them. */
  void sendFirst(Object frame) {
    synchronized (holding) {
      queued.incrementAndGet();
      outgoing.add(frame);
      if (heldBack != null) {
        outgoing.addAll(heldBack);
        heldBack = null;
      }
    }
    if (!closed) {
      pump();
    }
  }

  /**
   * Queues a received frame and makes sure one task handles this connection's frames, in order: the
   * frames of a connection are handled one at a time, on whatever worker is free.
   */
  boolean receive(
      Object frame,
      java.util.concurrent.Executor workers,
      java.util.function.Consumer<Object> handler) {
    if (pending.incrementAndGet() > MAX_INCOMING) {
      pending.decrementAndGet();
      return false;
    }
    incoming.add(frame);
    schedule(workers, handler);
    return true;
  }

  private void schedule(
      java.util.concurrent.Executor workers, java.util.function.Consumer<Object> handler) {
    if (!incoming.isEmpty() && handling.compareAndSet(false, true)) {
      try {
        execute(workers, handler);
      } catch (java.util.concurrent.RejectedExecutionException full) {
        // the node's chat workers are saturated: the frames wait for the next one to schedule
        handling.set(false);
        LOG.log(Level.FINE, "chat workers saturated", full);
      }
    }
  }

  private void execute(
      java.util.concurrent.Executor workers, java.util.function.Consumer<Object> handler) {
    workers.execute(
        () -> {
          try {
            Object next;
            while ((next = incoming.poll()) != null) {
              pending.decrementAndGet();
              if (!closed) {
                handler.accept(next);
              }
            }
          } finally {
            handling.set(false);
            schedule(workers, handler); // a frame that arrived meanwhile
          }
        });
  }

  /** Sends what is queued, then closes: the client reads why it is being closed. */
  void closeAfterSending(CloseReason.CloseCode code, String reason) {
    if (closed) {
      return;
    }
    outgoing.add(new CloseReason(code, reason));
    pump();
  }

  private void pump() {
    while (!outgoing.isEmpty() && sending.compareAndSet(false, true)) {
      Object frame = outgoing.poll();
      if (frame == null) {
        sending.set(false);
        continue;
      }
      if (frame instanceof CloseReason reason) {
        close(reason.getCloseCode(), reason.getReasonPhrase());
        return;
      }
      queued.decrementAndGet();
      try {
        if (frame instanceof String text) {
          session.getAsyncRemote().sendText(text, this::sent);
        } else {
          session.getAsyncRemote().sendBinary(ByteBuffer.wrap((byte[]) frame), this::sent);
        }
      } catch (RuntimeException e) {
        sending.set(false);
        LOG.log(Level.FINE, "send failed", e);
        closed = true;
        return;
      }
      return;
    }
  }

  private void sent(SendResult result) {
    sending.set(false);
    if (!result.isOK()) {
      LOG.log(Level.FINE, "send failed", result.getException());
      closed = true;
      outgoing.clear();
      return;
    }
    pump();
  }

  void close(CloseReason.CloseCode code, String reason) {
    closed = true;
    try {
      session.close(new CloseReason(code, reason));
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, "closing", e);
    }
  }

  boolean isOpen() {
    return !closed && session.isOpen();
  }

  void markClosed() {
    closed = true;
  }
}
