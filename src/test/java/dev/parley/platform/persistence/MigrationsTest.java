package dev.parley.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import org.junit.jupiter.api.Test;

/** Which start-up migration failures are tried again: only a connection that broke. */
class MigrationsTest {

  @Test
  void aConnectionClosedUnderThePoolIsTriedAgain() {
    assertTrue(
        Migrations.connectionLost(
            new IllegalStateException(
                "Unable to read database connection metadata",
                new SQLRecoverableException("DSRA9110E: Connection is closed.", "08003"))));
    assertTrue(
        Migrations.connectionLost(
            new RuntimeException(new SQLException("An I/O error occurred", "08006"))));
  }

  @Test
  void aFailingScriptOrAWrongPasswordIsNot() {
    assertFalse(
        Migrations.connectionLost(
            new RuntimeException(new SQLException("relation exists", "42P07"))));
    assertFalse(
        Migrations.connectionLost(
            new RuntimeException(new SQLException("password authentication failed", "28P01"))));
    assertFalse(Migrations.connectionLost(new IllegalStateException("no SQL at all")));
  }
}
