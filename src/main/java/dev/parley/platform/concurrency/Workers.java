package dev.parley.platform.concurrency;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parley's own bounded executors, registered by name so that {@code /metrics} shows each one's
 * queue depth and active threads: a queue that only grows is the Java form of a goroutine leak.
 */
public final class Workers {

  private static final Map<String, ThreadPoolExecutor> EXECUTORS = new ConcurrentHashMap<>();

  private Workers() {}

  /** A bounded pool; work beyond its queue runs on the caller's thread (back-pressure). */
  public static ThreadPoolExecutor create(String name, int threads, int queueCapacity) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "parley-" + name + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            factory,
            new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    ThreadPoolExecutor previous = EXECUTORS.put(name, executor);
    if (previous != null) {
      previous.shutdown();
    }
    return executor;
  }

  /**
   * One thread working through a bounded queue in order; work beyond the queue is refused ({@link
   * java.util.concurrent.RejectedExecutionException}), so the caller decides what full means.
   */
  public static ThreadPoolExecutor createSerial(String name, int queueCapacity) {
    ThreadPoolExecutor executor = create(name, 1, queueCapacity);
    executor.setRejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy());
    return executor;
  }

  public static void shutdown(String name) {
    ThreadPoolExecutor executor = EXECUTORS.remove(name);
    if (executor != null) {
      executor.shutdown();
    }
  }

  public static Map<String, ThreadPoolExecutor> all() {
    return Map.copyOf(EXECUTORS);
  }
}
