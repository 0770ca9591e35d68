package dev.parley.platform.errors;

import java.sql.SQLException;

/**
 * Whether a failure is one that may pass by itself (the database or its connection pool is away, a
 * transaction lost a deadlock), so that the same request, sent again later, may succeed. Refusals
 * of the domain, wrong input and integrity violations are not.
 */
public final class Transient {

  private Transient() {}

  public static boolean is(Throwable failure) {
    boolean infrastructure = false;
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 30; t = t.getCause(), depth++) {
      if (t instanceof DomainException || t instanceof IllegalArgumentException) {
        return false;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null
            && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
          return false; // data, integrity or syntax: sending it again changes nothing
        }
        infrastructure = true;
      }
      String type = t.getClass().getName();
      if (type.startsWith("jakarta.resource.")
          || type.startsWith("jakarta.transaction.")
          || type.startsWith("javax.transaction.")
          || type.equals("org.eclipse.persistence.exceptions.DatabaseException")
          || type.equals("jakarta.persistence.PessimisticLockException")
          || type.equals("jakarta.persistence.LockTimeoutException")
          || type.equals("jakarta.persistence.QueryTimeoutException")
          || type.equals("jakarta.persistence.PersistenceException")) {
        infrastructure = true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return infrastructure;
  }
}
