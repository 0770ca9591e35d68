package dev.parley.platform.metrics;

import dev.parley.platform.concurrency.Workers;
import dev.parley.platform.config.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Parley's own gauges on {@code /metrics}: live and peak threads, and for each of Parley's
 * executors its queue depth, active threads and completed tasks. A steadily rising thread count or
 * queue depth is a leak; alert on it.
 */
@ApplicationScoped
public class RuntimeMetrics {

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  void register(@Observes Startup.Started started) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    registry.gauge(
        Metadata.builder()
            .withName("parley_threads_live")
            .withDescription("Live JVM threads")
            .build(),
        threads,
        ThreadMXBean::getThreadCount);
    registry.gauge(
        Metadata.builder()
            .withName("parley_threads_peak")
            .withDescription("Peak live JVM threads since start")
            .build(),
        threads,
        ThreadMXBean::getPeakThreadCount);
    registerExecutorGauges();
  }

  /** Registers gauges for every executor created so far; idempotent. */
  public void registerExecutorGauges() {
    Workers.all()
        .forEach(
            (name, executor) -> {
              gauge(
                  "parley_executor_queue_depth",
                  "Tasks waiting in the queue",
                  name,
                  executor,
                  e -> e.getQueue().size());
              gauge(
                  "parley_executor_active_threads",
                  "Threads running a task",
                  name,
                  executor,
                  ThreadPoolExecutor::getActiveCount);
              gauge(
                  "parley_executor_completed_tasks",
                  "Tasks completed",
                  name,
                  executor,
                  e -> e.getCompletedTaskCount());
            });
  }

  private void gauge(
      String metric,
      String description,
      String executorName,
      ThreadPoolExecutor executor,
      ToDoubleFunction<ThreadPoolExecutor> value) {
    Metadata metadata = Metadata.builder().withName(metric).withDescription(description).build();
    Tag tag = new Tag("executor", executorName);
    registry.remove(new org.eclipse.microprofile.metrics.MetricID(metric, tag));
    registry.gauge(metadata, executor, e -> value.applyAsDouble(e), tag);
  }
}
