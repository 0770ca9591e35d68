package dev.parley.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@code /health/live}: the JVM is worth keeping (no deadlocked threads). */
@ApplicationScoped
public class LivenessChecks {

  @Produces
  @Liveness
  HealthCheck threads() {
    return () -> {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long[] deadlocked = threads.findDeadlockedThreads();
      return HealthCheckResponse.named("threads")
          .status(deadlocked == null)
          .withData("live", threads.getThreadCount())
          .withData("deadlocked", deadlocked == null ? 0 : deadlocked.length)
          .build();
    };
  }
}
