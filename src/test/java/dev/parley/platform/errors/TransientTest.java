package dev.parley.platform.errors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** CH-9: what a client may send again (retry) and what it must not (invalid, internal). */
class TransientTest {

  @Test
  void anUnreachableDatabaseIsTransient() {
    assertTrue(
        Transient.is(
            new RuntimeException(
                "wrapped", new SQLTransientConnectionException("connection refused", "08001"))));
    assertTrue(Transient.is(new jakarta.persistence.PersistenceException("pool exhausted")));
  }

  @Test
  void refusalsWrongInputAndIntegrityAreNot() {
    assertFalse(Transient.is(new Invalid("bad")));
    assertFalse(Transient.is(new RuntimeException(new SQLException("duplicate key", "23505"))));
    assertFalse(Transient.is(new IllegalStateException("a bug")));
  }
}
