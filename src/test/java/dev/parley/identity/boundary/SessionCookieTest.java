package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ID-9: the console's session cookie and what is read back as one. */
class SessionCookieTest {

  @Test
  void theCookieIsHttpOnlyStrictAndLivesAsLongAsTheSession() {
    String set = SessionCookie.set("pst_abc", OffsetDateTime.now().plusHours(12), true);
    assertTrue(set.startsWith("parley_session=pst_abc; Max-Age="), set);
    long maxAge = Long.parseLong(set.replaceAll(".*Max-Age=(\\d+).*", "$1"));
    assertTrue(maxAge > 12 * 3600 - 60 && maxAge <= 12 * 3600, set);
    assertTrue(set.endsWith("; Path=/; HttpOnly; SameSite=Strict; Secure"), set);
    assertFalse(SessionCookie.set("pst_abc", OffsetDateTime.now(), false).contains("Secure"));
    assertTrue(
        SessionCookie.clear(true).startsWith("parley_session=; Max-Age=0; Path=/; HttpOnly"));
  }

  @Test
  void secureWhereBrowsersKeepIt() {
    assertTrue(SessionCookie.secure(true, "help.example.com"));
    assertTrue(SessionCookie.secure(false, "localhost:9080"));
    assertTrue(SessionCookie.secure(false, "127.0.0.1:9080"));
    assertTrue(SessionCookie.secure(false, "[::1]:9080"));
    assertTrue(SessionCookie.secure(false, "parley.localhost"));
    assertFalse(SessionCookie.secure(false, "192.168.1.20:9080"));
    assertFalse(SessionCookie.secure(false, "localhost.evil.example"));
    assertFalse(SessionCookie.secure(false, null));
  }

  @Test
  void onlyAPlausibleValueIsRead() {
    assertEquals(Optional.of("pst_x"), SessionCookie.from("a=1; parley_session=pst_x; b=2"));
    assertEquals(Optional.empty(), SessionCookie.from(null));
    assertEquals(Optional.empty(), SessionCookie.from("parley_session="));
    assertEquals(Optional.empty(), SessionCookie.from("parley_session=\"quoted\""));
    assertEquals(Optional.empty(), SessionCookie.from("xparley_session=pst_x"));
    assertEquals(Optional.empty(), SessionCookie.from("parley_session=" + "a".repeat(600)));
  }
}
