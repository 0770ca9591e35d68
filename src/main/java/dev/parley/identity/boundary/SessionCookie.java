package dev.parley.identity.boundary;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * The console's sign-in session as a cookie: {@code HttpOnly} (no script on the page can read the
 * token, so an injected script cannot carry it away), {@code SameSite=Strict} (no other site's page
 * can send it), {@code Path=/}, and {@code Secure} whenever the browser keeps it: over HTTPS, and
 * on a loopback host, which browsers treat as secure. A request it signs that changes anything must
 * also carry Parley's own {@code Origin} ({@link AccessControl}).
 */
public final class SessionCookie {

  public static final String NAME = "parley_session";

  private SessionCookie() {}

  /** The {@code Set-Cookie} value for a session token valid until {@code expiresAt}. */
  public static String set(String token, OffsetDateTime expiresAt, boolean secure) {
    long seconds =
        Math.max(
            0, Duration.between(OffsetDateTime.now(expiresAt.getOffset()), expiresAt).toSeconds());
    return NAME + "=" + token + "; Max-Age=" + seconds + attributes(secure);
  }

  /** The {@code Set-Cookie} value that removes it. */
  public static String clear(boolean secure) {
    return NAME + "=; Max-Age=0" + attributes(secure);
  }

  private static String attributes(boolean secure) {
    return "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  /** Whether a browser keeps a {@code Secure} cookie from this request's scheme and host. */
  public static boolean secure(boolean https, String host) {
    if (https) {
      return true;
    }
    String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      name = name.substring(0, name.indexOf(']') + 1);
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    return name.equals("localhost")
        || name.endsWith(".localhost")
        || name.startsWith("127.")
        || name.equals("[::1]");
  }

  /** The session token of a {@code Cookie} header, if it holds one of a plausible shape. */
  public static Optional<String> from(String cookieHeader) {
    if (cookieHeader == null) {
      return Optional.empty();
    }
    for (String pair : cookieHeader.split(";")) {
      String p = pair.trim();
      if (p.startsWith(NAME + "=")) {
        String value = p.substring(NAME.length() + 1).trim();
        if (!value.isEmpty()
            && value.length() <= 512
            && value.chars().allMatch(SessionCookie::tokenChar)) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean tokenChar(int c) {
    return c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\';
  }
}
