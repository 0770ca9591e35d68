package dev.parley.identity.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ID-4: how roles and scopes meet an endpoint's rule. */
class CallerTest {

  private static Caller user(Role role) {
    return new Caller(Caller.Kind.USER, 1, "u", role, Set.of(), Set.of(), 1, null);
  }

  private static Caller token(Scope... scopes) {
    return new Caller(
        Caller.Kind.API_TOKEN, 2, "t", null, EnumSet.of(scopes[0], scopes), Set.of(), 2, null);
  }

  @Test
  void anAdminActsAsAnAgentButNotTheOtherWayRound() {
    assertTrue(user(Role.ADMIN).allowed(Set.of(Role.AGENT), Set.of()));
    assertTrue(user(Role.ADMIN).allowed(Set.of(Role.ADMIN), Set.of()));
    assertTrue(user(Role.AGENT).allowed(Set.of(Role.AGENT), Set.of()));
    assertFalse(user(Role.AGENT).allowed(Set.of(Role.ADMIN), Set.of()));
  }

  @Test
  void usersIgnoreScopesAndTokensIgnoreRoles() {
    assertFalse(user(Role.ADMIN).allowed(Set.of(), Set.of(Scope.ADMIN)));
    assertFalse(token(Scope.ADMIN).allowed(Set.of(Role.ADMIN, Role.AGENT), Set.of()));
  }

  @Test
  void aTokenNeedsOneOfTheAcceptedScopes() {
    assertTrue(
        token(Scope.TICKETS_READ)
            .allowed(Set.of(), Set.of(Scope.TICKETS_READ, Scope.TICKETS_WRITE)));
    assertFalse(token(Scope.TICKETS_READ).allowed(Set.of(), Set.of(Scope.ADMIN)));
    assertFalse(token(Scope.KB_READ, Scope.TICKETS_READ).allowed(Set.of(), Set.of(Scope.KB_WRITE)));
  }

  @Test
  void expiryIsExclusive() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Caller caller = new Caller(Caller.Kind.USER, 1, "u", Role.AGENT, Set.of(), Set.of(), 1, now);
    assertTrue(caller.expired(now));
    assertFalse(caller.expired(now.minusSeconds(1)));
    assertFalse(user(Role.AGENT).expired(now));
  }

  @Test
  void scopesHaveWireNames() {
    assertEquals(EnumSet.of(Scope.TICKETS_READ, Scope.ADMIN), Scope.parse("tickets:read, admin"));
    assertEquals("tickets:read,admin", Scope.format(EnumSet.of(Scope.ADMIN, Scope.TICKETS_READ)));
    assertThrows(IllegalArgumentException.class, () -> Scope.parse("tickets:delete"));
    assertEquals(Role.AGENT, Role.fromWire("agent"));
    assertThrows(IllegalArgumentException.class, () -> Role.fromWire("root"));
  }

  @Test
  void anApiTokenRecordsItsUseAtMostOncePerMinute() {
    ApiToken token = new ApiToken("crm", "h", "pat_x", EnumSet.of(Scope.KB_READ), 1L, null);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    assertTrue(token.used(now));
    assertFalse(token.used(now.plusSeconds(30)));
    assertTrue(token.used(now.plusSeconds(61)));
    assertTrue(token.valid(now));
    token.revoke();
    assertFalse(token.valid(now));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ApiToken("x", "h", "p", EnumSet.noneOf(Scope.class), 1L, null));
  }
}
