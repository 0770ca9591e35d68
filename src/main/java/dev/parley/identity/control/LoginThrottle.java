package dev.parley.identity.control;

import dev.parley.platform.cache.Caches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;

/**
 * Brute-force protection: failed logins are counted per account and client address together (any
 * email, registered or not, so the answer reveals nothing) and per client address, in a
 * cluster-wide cache; past a limit, logins from that address (for that account, or at all) are
 * refused for the window, right password or not. An account is never locked for everyone: a
 * stranger's failures cannot keep its owner out (ID-5). Guessing from many addresses is bounded per
 * address and slowed by the password hash's cost.
 */
@ApplicationScoped
public class LoginThrottle {

  /** Login refused for now; retry after the given seconds. */
  public static class Locked extends RuntimeException {
    private final long retryAfterSeconds;

    public Locked(long retryAfterSeconds) {
      super("too many failed logins");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  @Inject Caches caches;

  @Inject
  @ConfigProperty(name = "parley.login.max-failures-per-account", defaultValue = "5")
  int maxPerAccount; // per account from one address

  @Inject
  @ConfigProperty(name = "parley.login.max-failures-per-ip", defaultValue = "30")
  int maxPerIp;

  @Inject
  @ConfigProperty(name = "parley.login.window-minutes", defaultValue = "15")
  int windowMinutes;

  public void check(String email, String ip) {
    Cache<String, Integer> failures = caches.cache(Caches.LOGIN_FAILURES);
    if (count(failures, accountKey(email, ip)) >= maxPerAccount
        || count(failures, ipKey(ip)) >= maxPerIp) {
      throw new Locked(windowMinutes * 60L);
    }
  }

  public void failed(String email, String ip) {
    Cache<String, Integer> failures = caches.cache(Caches.LOGIN_FAILURES);
    increment(failures, accountKey(email, ip));
    increment(failures, ipKey(ip));
  }

  public void succeeded(String email, String ip) {
    caches.<String, Integer>cache(Caches.LOGIN_FAILURES).remove(accountKey(email, ip));
  }

  private void increment(Cache<String, Integer> failures, String key) {
    // compare-and-set without lambdas: the cache may be replicated, and values must marshal
    for (int attempt = 0; attempt < 20; attempt++) {
      Integer current = failures.get(key);
      if (current == null) {
        if (failures.putIfAbsent(key, 1, windowMinutes, TimeUnit.MINUTES) == null) {
          return;
        }
      } else if (failures.replace(key, current, current + 1, windowMinutes, TimeUnit.MINUTES)) {
        return;
      }
    }
  }

  private static int count(Cache<String, Integer> failures, String key) {
    Integer value = failures.get(key);
    return value == null ? 0 : value;
  }

  private static String accountKey(String email, String ip) {
    return "account:" + (email == null ? "" : email.trim().toLowerCase(Locale.ROOT)) + "|" + ip;
  }

  private static String ipKey(String ip) {
    return "ip:" + ip;
  }
}
