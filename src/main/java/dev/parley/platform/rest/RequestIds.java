package dev.parley.platform.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every API request an id: the caller's {@code X-Request-Id} when it is sane, else a new one.
 * It is echoed in the response, written to the access log ({@code server.xml}) and to every problem
 * body and error log line, so one id ties a user's report to the log.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String HEADER = "X-Request-Id";
  private static final String LOG_FIELD = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{8,64}");
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  /** The id of the request this thread serves, or null outside a request. */
  public static String current() {
    return CURRENT.get();
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String id = request.getHeaderString(HEADER);
    if (id == null || !SANE.matcher(id).matches()) {
      id = newId();
    }
    CURRENT.set(id);
    request.setProperty(HEADER, id);
    LogContext.put(LOG_FIELD, id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(HEADER);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id.toString());
    }
    CURRENT.remove();
    LogContext.remove(LOG_FIELD);
  }

  /**
   * Liberty's log record context: its entries become fields ({@code ext_requestId}) of every log
   * line this thread writes, in JSON logs. Reached reflectively so the code also runs elsewhere.
   */
  static final class LogContext {
    private static final java.lang.reflect.Method ADD;
    private static final java.lang.reflect.Method REMOVE;

    static {
      java.lang.reflect.Method add = null;
      java.lang.reflect.Method remove = null;
      try {
        Class<?> context =
            Class.forName(
                "com.ibm.websphere.logging.hpel.LogRecordContext",
                true,
                RequestIds.class.getClassLoader());
        add = context.getMethod("addExtension", String.class, String.class);
        remove = context.getMethod("removeExtension", String.class);
      } catch (ReflectiveOperationException | LinkageError e) {
        // not on Liberty: request ids still reach responses and the access log
      }
      ADD = add;
      REMOVE = remove;
    }

    static void put(String key, String value) {
      invoke(ADD, key, value);
    }

    static void remove(String key) {
      invoke(REMOVE, key);
    }

    private static void invoke(java.lang.reflect.Method method, Object... args) {
      if (method != null) {
        try {
          method.invoke(null, args);
        } catch (ReflectiveOperationException e) {
          // logging context is best effort
        }
      }
    }
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: request ids must be unique, not
   * unguessable, and {@code UUID.randomUUID()} serializes every request on one {@code SecureRandom}
   * lock (the ticket benchmark's profile showed it).
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
