package dev.parley.identity.control;

import dev.parley.identity.entity.SigningKey;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.messaging.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The keys that sign visitor tokens. The first start generates one and stores it in the database
 * (shared by all nodes); {@code PARLEY_VISITOR_TOKEN_KEY} overrides it; {@link #rotate} adds a new
 * signing key while older unretired keys keep verifying, and {@link #retireOlderThanCurrent} ends
 * them. Nodes reload on the {@value #CHANGED} topic.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
  public static final String CHANGED = "parley.identity.signing-keys";
  static final String ENV_KID = "env";

  /** The key that signs now, and all keys that verify. */
  public record KeyRing(String signingKid, Map<String, byte[]> verifying) {
    public byte[] signingKey() {
      return verifying.get(signingKid);
    }
  }

  @PersistenceContext EntityManager em;
  @Inject Settings settings;
  @Inject Broker broker;
  @Inject Outbox outbox;

  private volatile KeyRing ring;

  @Transactional
  void init(@Observes Startup.Started started) {
    ensureKey();
    reload();
    // reads without a transaction: the handler runs on a messaging worker
    // only other nodes' changes: this node reloads inside its own change, and the echo of an
    // earlier change could otherwise reload a ring read before a later one committed
    broker.subscribeFromOthers(CHANGED, broker.node(), ignored -> reload());
  }

  private void ensureKey() {
    if (settings.visitorTokenKey().isPresent()) {
      return;
    }
    if (usable().isEmpty()) {
      em.persist(newKey());
      LOG.info("Generated the visitor-token signing key (stored in the database)");
    }
  }

  public KeyRing ring() {
    return ring;
  }

  @Transactional
  public void reload() {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String signing = null;
    var override = settings.visitorTokenKey();
    if (override.isPresent()) {
      keys.put(ENV_KID, Base64.getDecoder().decode(override.get()));
      signing = ENV_KID;
    }
    for (SigningKey key : usable()) {
      keys.put(key.kid(), Base64.getDecoder().decode(key.secret()));
      if (signing == null) {
        signing = key.kid();
      }
    }
    ring = new KeyRing(signing, Map.copyOf(keys));
    LOG.log(
        Level.FINE,
        "Visitor-token keys loaded: signing {0}, {1} verifying",
        new Object[] {signing, keys.size()});
  }

  /** Makes a new signing key; tokens signed by older keys stay valid until those are retired. */
  @Transactional
  public SigningKey rotate() {
    if (settings.visitorTokenKey().isPresent()) {
      throw new Conflict(
          "The visitor-token key is set by PARLEY_VISITOR_TOKEN_KEY; rotate it by changing that"
              + " variable.");
    }
    SigningKey key = newKey();
    em.persist(key);
    outbox.record(
        "signing_key.rotated",
        "signing_key",
        key.kid(),
        Jsons.object().add("kid", key.kid()).build());
    afterChange();
    return key;
  }

  /** Retires every key but the newest: tokens they signed stop verifying. */
  @Transactional
  public int retireOlderThanCurrent() {
    List<SigningKey> keys = usable();
    keys.stream().skip(1).forEach(SigningKey::retire);
    afterChange();
    return Math.max(0, keys.size() - 1);
  }

  private void afterChange() {
    em.flush();
    reload(); // this node at once, from its own transaction
    String origin = broker.node();
    broker.afterCommit(() -> broker.publish(CHANGED, "changed", origin)); // the other nodes
  }

  private List<SigningKey> usable() {
    return em.createNamedQuery(SigningKey.USABLE, SigningKey.class)
        .setParameter("purpose", SigningKey.VISITOR_TOKENS)
        .getResultList();
  }

  private static SigningKey newKey() {
    String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(9));
    return new SigningKey(
        kid,
        SigningKey.VISITOR_TOKENS,
        Base64.getEncoder().encodeToString(Secrets.randomBytes(32)));
  }
}
