package dev.parley.platform.rest;

import dev.parley.identity.boundary.Public;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Caps every request body before anything parses it. JSON bodies are small: {@code
 * parley.http.max-json-bytes} (1 MiB) for signed-in callers, {@code
 * parley.http.max-anonymous-json-bytes} (16 KiB) for endpoints anyone may call, more where an
 * endpoint says so with {@link BodyLimit}. File uploads ({@code Consumes *}/{@code *}) have their
 * own, larger limits: declared with {@link BodyLimit} where they are settings, else bounded here by
 * {@code parley.http.max-upload-bytes} (100 MiB, the largest an inbox may allow) and checked again
 * while they are read. A declared {@code Content-Length} over the cap is answered 413 at once,
 * without reading the body; a body without one is cut off at the cap.
 */
@Provider
@ApplicationScoped
public class BodyLimits implements DynamicFeature {

  @Inject
  @ConfigProperty(name = "parley.http.max-json-bytes", defaultValue = "1048576")
  long maxJson;

  @Inject
  @ConfigProperty(name = "parley.http.max-anonymous-json-bytes", defaultValue = "16384")
  long maxAnonymousJson;

  @Inject
  @ConfigProperty(name = "parley.http.max-upload-bytes", defaultValue = "104857600")
  long maxUpload;

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    context.register(new Cap(limitOf(resource.getResourceClass(), resource.getResourceMethod())));
  }

  long limitOf(Class<?> type, Method method) {
    BodyLimit declared = method.getAnnotation(BodyLimit.class);
    if (declared == null) {
      declared = type.getAnnotation(BodyLimit.class);
    }
    if (declared != null) {
      return declared.config().isEmpty()
          ? declared.bytes()
          : ConfigProvider.getConfig()
              .getOptionalValue(declared.config(), Long.class)
              .orElse(declared.bytes());
    }
    if (acceptsFiles(type, method)) {
      return maxUpload;
    }
    boolean anonymous =
        method.isAnnotationPresent(Public.class) || type.isAnnotationPresent(Public.class);
    return anonymous ? maxAnonymousJson : maxJson;
  }

  private static boolean acceptsFiles(Class<?> type, Method method) {
    Consumes consumes = method.getAnnotation(Consumes.class);
    if (consumes == null) {
      consumes = type.getAnnotation(Consumes.class);
    }
    return consumes != null
        && Arrays.stream(consumes.value())
            .anyMatch(
                t -> t.equals(MediaType.WILDCARD) || t.equals(MediaType.APPLICATION_OCTET_STREAM));
  }

  /** The per-endpoint filter: runs before authentication, so nobody's body is parsed early. */
  @Priority(Priorities.AUTHENTICATION - 50)
  static final class Cap implements ContainerRequestFilter {
    private final long limit;

    Cap(long limit) {
      this.limit = limit;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      if (request.getLength() > limit) {
        request.abortWith(tooLarge(limit).toResponse());
        return;
      }
      if (request.hasEntity()) { // a request without a body keeps its stream as it is
        request.setEntityStream(new Capped(request.getEntityStream(), limit));
      }
    }
  }

  static Problem tooLarge(long limit) {
    return Problem.of(413, "too-large", "Request body too large")
        .detail("This endpoint reads at most " + limit + " bytes.");
  }

  /** The body was longer than its cap (detected while reading it). */
  public static final class TooLarge extends IOException {
    private final long limit;

    TooLarge(long limit) {
      super("request body over " + limit + " bytes");
      this.limit = limit;
    }

    public Problem problem() {
      return tooLarge(limit);
    }
  }

  /** A stream that fails with {@link TooLarge} once more than {@code limit} bytes are read. */
  static final class Capped extends FilterInputStream {
    private final long limit;
    private long read;

    Capped(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws TooLarge {
      read += n;
      if (read > limit) {
        throw new TooLarge(limit);
      }
    }
  }
}
