package dev.parley.platform.concurrency;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Work that must keep its order per key (a conversation) yet run in parallel across keys: a fixed
 * number of single-threaded lanes, each key always on the same lane, each lane with a bounded
 * queue. Registered with {@link Workers}, so {@code /metrics} shows every lane's queue depth.
 */
public final class Lanes {

  private final String name;
  private final ThreadPoolExecutor[] lanes;

  public Lanes(String name, int count, int capacityPerLane) {
    this.name = name;
    this.lanes = new ThreadPoolExecutor[Math.max(1, count)];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = Workers.createSerial(name + "-" + i, capacityPerLane);
    }
  }

  /** Queues work on the key's lane; false when that lane is full (nothing was queued). */
  public boolean offer(long key, Runnable work) {
    try {
      lanes[Math.floorMod(Long.hashCode(key), lanes.length)].execute(work);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Queues work on the key's lane, waiting while the lane is full (back-pressure for a producer
   * that must not lose order, such as a broker subscription).
   */
  public void put(long key, Runnable work) throws InterruptedException {
    while (!offer(key, work)) {
      Thread.sleep(5);
    }
  }

  public void shutdown() {
    for (int i = 0; i < lanes.length; i++) {
      Workers.shutdown(name + "-" + i);
    }
  }
}
