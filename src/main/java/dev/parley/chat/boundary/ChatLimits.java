package dev.parley.chat.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The chat's abuse limits (MicroProfile Config tunables): frame size, per-connection and
 * per-address message rates, handshakes per address, idle timeout. Limits per address are per node.
 */
@ApplicationScoped
public class ChatLimits {

  @Inject
  @ConfigProperty(name = "parley.chat.max-frame-bytes", defaultValue = "32768")
  int maxFrameBytes;

  @Inject
  @ConfigProperty(name = "parley.chat.connection-messages-per-second", defaultValue = "10")
  double connectionRate;

  @Inject
  @ConfigProperty(name = "parley.chat.connection-burst", defaultValue = "30")
  double connectionBurst;

  @Inject
  @ConfigProperty(name = "parley.chat.address-messages-per-second", defaultValue = "50")
  double addressRate;

  @Inject
  @ConfigProperty(name = "parley.chat.address-burst", defaultValue = "200")
  double addressBurst;

  @Inject
  @ConfigProperty(name = "parley.chat.address-handshakes-per-second", defaultValue = "5")
  double handshakeRate;

  @Inject
  @ConfigProperty(name = "parley.chat.address-handshake-burst", defaultValue = "60")
  double handshakeBurst;

  @Inject
  @ConfigProperty(name = "parley.chat.idle-timeout-seconds", defaultValue = "75")
  int idleTimeoutSeconds;

  /** How often clients should ping; well inside the idle timeout. */
  @Inject
  @ConfigProperty(name = "parley.chat.heartbeat-seconds", defaultValue = "25")
  int heartbeatSeconds;

  /**
   * Refused messages within 10 s (each answered rate_limited) past which a client that ignores the
   * refusals is closed (1008).
   */
  @Inject
  @ConfigProperty(name = "parley.chat.max-refusals", defaultValue = "200")
  int maxRefusals;

  int maxRefusals() {
    return maxRefusals;
  }

  private final Map<String, RateLimit> addresses = new ConcurrentHashMap<>();
  private final Map<String, RateLimit> handshakes = new ConcurrentHashMap<>();

  RateLimit forConnection() {
    return new RateLimit(connectionRate, connectionBurst);
  }

  boolean admitMessage(String address) {
    return limiter(addresses, address, addressRate, addressBurst).tryAcquire();
  }

  boolean admitHandshake(String address) {
    return limiter(handshakes, address, handshakeRate, handshakeBurst).tryAcquire();
  }

  private static RateLimit limiter(
      Map<String, RateLimit> map, String address, double rate, double burst) {
    if (map.size() > 100_000) {
      map.clear(); // a crude bound: forgetting budgets is safer than running out of memory
    }
    return map.computeIfAbsent(address, a -> new RateLimit(rate, burst));
  }

  int maxFrameBytes() {
    return maxFrameBytes;
  }

  long idleTimeoutMillis() {
    return idleTimeoutSeconds * 1000L;
  }

  int heartbeatSeconds() {
    return heartbeatSeconds;
  }
}
