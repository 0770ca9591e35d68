package dev.parley.chat.control;

import dev.parley.chat.entity.Inbox;
import dev.parley.ticket.control.Contacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who a widget's visitor is, as the website says (CH-11). The site's backend signs the user's
 * external id with the inbox's identity secret: {@code hex(HMAC-SHA256(secret, externalId))}. A
 * correct signature makes the visitor the contact with that external id (created on first sight):
 * their visitor id is {@code c_<contact id>} on every device, so their history follows them, and
 * agents see them as verified. Without a correct signature nothing is linked: the visitor stays
 * anonymous and what the page said about them is only shown as unverified.
 */
@ApplicationScoped
public class VisitorIdentities {

  private static final String VERIFIED_PREFIX = "c_";

  /** What the website says about its user. */
  public record Claimed(String externalId, String name, String email, String signature) {}

  /** The outcome: the visitor id to use when verified, or why not. */
  public record Verification(Optional<String> visitorId, long contact, String problem) {
    static Verification refused(String problem) {
      return new Verification(Optional.empty(), 0, problem);
    }

    public boolean verified() {
      return visitorId.isPresent();
    }
  }

  @Inject Contacts contacts;

  /** Whether a visitor id belongs to a verified visitor, and which contact they are. */
  public static Optional<Long> contactOf(String visitorId) {
    if (visitorId == null || !visitorId.startsWith(VERIFIED_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(visitorId.substring(VERIFIED_PREFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Transactional
  public Verification verify(Inbox inbox, Claimed claimed) {
    if (claimed.externalId() == null || claimed.externalId().isBlank()) {
      return Verification.refused("no externalId");
    }
    if (claimed.signature() == null) {
      return Verification.refused("no signature");
    }
    Optional<String> secret = inbox.identitySecret();
    if (secret.isEmpty()) {
      return Verification.refused("identity verification is not set up for this inbox");
    }
    if (!matches(secret.get(), claimed.externalId(), claimed.signature())) {
      return Verification.refused("the signature does not match the external id");
    }
    long contact =
        contacts
            .forVerifiedUser(claimed.externalId().strip(), claimed.name(), claimed.email())
            .id();
    return new Verification(Optional.of(VERIFIED_PREFIX + contact), contact, null);
  }

  /** {@code hex(HMAC-SHA256(secret, externalId))}, compared in constant time. */
  static boolean matches(String secret, String externalId, String signature) {
    byte[] expected = sign(secret, externalId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  public static String sign(String secret, String externalId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(externalId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
