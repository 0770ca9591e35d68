package dev.parley.identity.control;

import dev.parley.identity.entity.Caller;
import dev.parley.platform.cache.Caches;
import dev.parley.platform.config.Startup;
import dev.parley.platform.messaging.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.infinispan.Cache;

/**
 * Turns a bearer secret into a {@link Caller}, for REST requests and WebSocket handshakes alike.
 * Validated callers are cached per token hash for up to a minute; revocation drops the entry on
 * every node at once through the {@value #REVOCATIONS} topic.
 */
@ApplicationScoped
public class Authenticator {

  public static final String REVOCATIONS = "parley.identity.revocations";

  /** A credential was revoked (on this node or another): whatever holds it must let go. */
  public record Revoked(String tokenHash) {}

  @Inject Credentials credentials;
  @Inject Caches caches;
  @Inject Broker broker;
  @Inject Event<Revoked> revoked;

  void listen(@Observes Startup.Started started) {
    broker.subscribe(
        REVOCATIONS,
        hash -> {
          principals().remove(hash);
          revoked.fire(new Revoked(hash));
        });
  }

  /** The caller a bearer token stands for; a cached caller costs no database work. */
  public Optional<Caller> authenticate(String token) {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    String hash = Secrets.hash(token);
    Caller cached = principals().get(hash);
    if (cached != null && !cached.expired(OffsetDateTime.now(ZoneOffset.UTC))) {
      return Optional.of(cached);
    }
    Caller caller = credentials.resolve(token, hash);
    if (caller != null) {
      principals().put(hash, caller);
    }
    return Optional.ofNullable(caller);
  }

  /** Forgets cached callers on every node; call after revoking or changing what they carry. */
  public void invalidate(Collection<String> tokenHashes) {
    List<String> hashes = List.copyOf(tokenHashes);
    hashes.forEach(principals()::remove);
    // again after commit, with the other nodes: nobody may re-cache the old state meanwhile
    broker.afterCommit(
        () ->
            hashes.forEach(
                hash -> {
                  principals().remove(hash);
                  broker.publish(REVOCATIONS, hash);
                }));
  }

  private Cache<String, Caller> principals() {
    return caches.cache(Caches.PRINCIPALS);
  }
}
