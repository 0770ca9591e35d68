package dev.parley.platform.cluster;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work that runs on one node of a cluster at a time — the holder of a lease — every interval, and
 * at once when woken (after a commit that gave it something to do). One run at a time on this node;
 * a wake during a run makes it run again, so no wake is lost. The lease is renewed after a third of
 * its time-to-live; a node that stops holding it runs nothing until it holds it again, and is told
 * ({@link Work#lost()}) so it forgets what it knew as the holder.
 */
public final class LeasedLoop {

  private static final Logger LOG = Logger.getLogger(LeasedLoop.class.getName());

  /** What runs while this node holds the lease. */
  public interface Work {
    void run();

    /** This node does not hold the lease (any more). */
    default void lost() {}
  }

  private final String lease;
  private final Duration ttl;
  private final Leases leases;
  private final String node;
  private final ScheduledExecutorService scheduler;
  private final Work work;
  private final ReentrantLock running = new ReentrantLock();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile long leasedAt;
  private volatile ScheduledFuture<?> task;

  public LeasedLoop(
      String lease,
      Duration ttl,
      Leases leases,
      String node,
      ScheduledExecutorService scheduler,
      Work work) {
    this.lease = lease;
    this.ttl = ttl;
    this.leases = leases;
    this.node = node;
    this.scheduler = scheduler;
    this.work = work;
    this.leasedAt = System.nanoTime() - ttl.toNanos();
  }

  public void start(Duration initialDelay, Duration interval) {
    task =
        scheduler.scheduleWithFixedDelay(
            this::tick, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void stop() {
    ScheduledFuture<?> t = task;
    task = null;
    if (t != null) {
      t.cancel(false);
    }
  }

  /**
   * Runs the work soon, on this node if it holds the lease (else at the holder's next interval).
   */
  public void wake() {
    if (task == null || !holds()) {
      return;
    }
    again.set(true);
    if (!running.isLocked()) {
      scheduler.execute(this::tick);
    }
  }

  /** Whether this node held the lease when it last looked. */
  public boolean holds() {
    return System.nanoTime() - leasedAt < ttl.toNanos();
  }

  /** One run (and again while woken meanwhile); skipped if a run is under way on this node. */
  public void tick() {
    if (!running.tryLock()) {
      return; // the run under way sees the wake
    }
    try {
      do {
        again.set(false);
        once();
      } while (again.get() && holds());
    } finally {
      running.unlock();
    }
    if (again.get() && holds() && task != null) {
      scheduler.execute(this::tick); // woken between the last check and the unlock
    }
  }

  private void once() {
    try {
      if (System.nanoTime() - leasedAt > ttl.toNanos() / 3) {
        long asked = System.nanoTime();
        if (!leases.acquire(lease, node, ttl)) {
          lose();
          return;
        }
        leasedAt = asked;
      }
      work.run();
    } catch (Leases.LeaseTaken taken) {
      lose();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The work under lease " + lease + " failed; retrying", e);
    }
  }

  private void lose() {
    leasedAt = System.nanoTime() - ttl.toNanos();
    work.lost();
  }
}
