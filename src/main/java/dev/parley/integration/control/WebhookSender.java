package dev.parley.integration.control;

import dev.parley.integration.entity.WebhookAttempt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts one signed webhook message (Standard Webhooks headers: {@code webhook-id}, {@code
 * webhook-timestamp}, {@code webhook-signature}) and tells what came back. Connecting takes at most
 * {@code connect} and the whole exchange at most {@code total}; redirects are not followed (a
 * redirect to an internal address is an old SSRF trick), and only the first KB of the response is
 * read. Every address connected to passes {@link Destinations}.
 */
public final class WebhookSender implements AutoCloseable {

  /**
   * What an attempt came to: a status (null when none came back), the response's start, why not.
   */
  public record Outcome(
      Integer status, String response, String error, Duration retryAfter, long millis) {
    public boolean success() {
      return status != null && status >= 200 && status < 300;
    }
  }

  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager connections;
  private final Duration total;
  private final ScheduledExecutorService deadlines;

  public WebhookSender(Destinations guard, Duration connect, Duration total) {
    this.total = total;
    this.connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(guard)
            .setMaxConnTotal(200)
            .setMaxConnPerRoute(10)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(connect))
                    .setSocketTimeout(Timeout.of(total))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent("Parley-Webhooks/1")
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(total)).build())
            .build();
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "parley-webhook-deadlines");
              t.setDaemon(true);
              return t;
            });
  }

  /** Posts {@code body} to {@code url}, signed with each secret as message {@code id}. */
  public Outcome send(String url, String id, long timestamp, List<String> secrets, String body) {
    long begin = System.nanoTime();
    HttpPost post;
    try {
      post = new HttpPost(url);
    } catch (IllegalArgumentException e) {
      return new Outcome(null, null, "not a URL: " + e.getMessage(), null, 0);
    }
    post.setHeader("webhook-id", id);
    post.setHeader("webhook-timestamp", Long.toString(timestamp));
    post.setHeader("webhook-signature", Signatures.header(secrets, id, timestamp, body));
    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    ScheduledFuture<?> deadline =
        deadlines.schedule(() -> post.cancel(), total.toMillis(), TimeUnit.MILLISECONDS);
    try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
      String start = null;
      if (response.getEntity() != null) {
        try (InputStream in = response.getEntity().getContent()) {
          start = new String(in.readNBytes(WebhookAttempt.RESPONSE_BYTES), StandardCharsets.UTF_8);
        }
      }
      return new Outcome(
          response.getCode(),
          start,
          null,
          retryAfter(response.getFirstHeader("Retry-After")),
          millis(begin));
    } catch (Destinations.Refused e) {
      return new Outcome(null, null, "refused: " + e.getMessage(), null, millis(begin));
    } catch (IOException | RuntimeException e) {
      String why =
          post.isCancelled()
              ? "no complete answer within " + total.toSeconds() + " s"
              : e.toString();
      return new Outcome(null, null, why, null, millis(begin));
    } finally {
      deadline.cancel(false);
    }
  }

  private static long millis(long begin) {
    return (System.nanoTime() - begin) / 1_000_000;
  }

  /** A Retry-After header: seconds, or an HTTP date. */
  static Duration retryAfter(Header header) {
    if (header == null) {
      return null;
    }
    String v = header.getValue().strip();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    try {
      client.close();
    } catch (IOException e) {
      connections.close();
    }
  }
}
