package dev.parley.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code Idempotency-Key} records: a create that carries a key stores it with the id it created, in
 * the same transaction, so a retry returns the first result. Keys are per caller and kept for
 * {@code parley.api.idempotency-hours}.
 */
@ApplicationScoped
public class IdempotencyKeys {

  /** A key seen before: the request it came with (as a hash) and what it created. */
  public record Seen(String requestHash, long resourceId) {}

  @PersistenceContext EntityManager em;

  public static String hash(String request) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(request.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Seen> find(String caller, String key) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT request_hash, resource_id FROM idempotency_key WHERE caller = ?1 AND"
                    + " idem_key = ?2")
            .setParameter(1, caller)
            .setParameter(2, key)
            .getResultList();
    return rows.stream().findFirst().map(r -> new Seen((String) r[0], ((Number) r[1]).longValue()));
  }

  /**
   * Stores a key in the caller's transaction. A concurrent request with the same key waits for this
   * one and then fails on the primary key, so exactly one create happens.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void remember(String caller, String key, String requestHash, long resourceId) {
    em.createNativeQuery(
            "INSERT INTO idempotency_key (caller, idem_key, request_hash, resource_id,"
                + " created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, caller)
        .setParameter(2, key)
        .setParameter(3, requestHash)
        .setParameter(4, resourceId)
        .setParameter(5, OffsetDateTime.now(ZoneOffset.UTC))
        .executeUpdate();
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int forgetBefore(OffsetDateTime cutoff) {
    return em.createNativeQuery("DELETE FROM idempotency_key WHERE created_at < ?1")
        .setParameter(1, cutoff)
        .executeUpdate();
  }
}
