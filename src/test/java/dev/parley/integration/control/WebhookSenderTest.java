package dev.parley.integration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * INT-5 server-side request forgery: a listener on loopback, and webhook URLs written every way
 * known to reach it (or another internal address) — none gets through without the allow-list, and
 * redirects are never followed. With the allow-list, the listener gets the signed message.
 */
class WebhookSenderTest {

  private HttpServer listener;
  private HttpServer inner;
  private final AtomicInteger reached = new AtomicInteger();
  private final AtomicInteger innerReached = new AtomicInteger();
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private int port;

  @BeforeEach
  void listen() throws Exception {
    inner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    inner.createContext(
        "/",
        exchange -> {
          innerReached.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    inner.start();
    listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    listener.createContext(
        "/",
        exchange -> {
          reached.incrementAndGet();
          Map<String, String> seen = new ConcurrentHashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
          seen.put(
              "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          received.add(seen);
          if (exchange.getRequestURI().getPath().equals("/redirect")) {
            exchange
                .getResponseHeaders()
                .add("Location", "http://127.0.0.1:" + inner.getAddress().getPort() + "/internal");
            exchange.sendResponseHeaders(307, -1);
          } else {
            exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    listener.start();
    port = listener.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    listener.stop(0);
    inner.stop(0);
  }

  static List<String> bypasses(int port) {
    List<String> urls = new ArrayList<>();
    for (String host :
        new String[] {
          "127.0.0.1",
          "localhost",
          "localhost.",
          "LOCALHOST",
          "127.1",
          "127.0.1",
          "2130706433",
          "0x7f000001",
          "0x7f.0x0.0x0.0x1",
          "0177.0.0.1",
          "017700000001",
          "0",
          "0.0.0.0",
          "[::]",
          "[::1]",
          "[::ffff:127.0.0.1]",
          "[::ffff:7f00:1]",
          "[0:0:0:0:0:ffff:127.0.0.1]",
          "[::127.0.0.1]",
          "[64:ff9b::7f00:1]",
          "[2002:7f00:1::]",
          "127.127.127.127",
          "127.0.0.1.",
          "ip6-localhost",
          "10.0.0.1",
          "192.168.1.1",
          "172.16.0.1",
          "100.64.0.1",
          "224.0.0.1",
          "255.255.255.255",
          "[fe80::1]",
          "[fd00:ec2::254]",
          "169.254.169.254"
        }) {
      urls.add("http://" + host + ":" + port + "/hook");
    }
    urls.add("https://127.0.0.1:" + port + "/hook");
    urls.add("http://169.254.169.254/latest/meta-data/");
    return urls;
  }

  @Test
  void noFormOfAnInternalAddressIsReached() throws Exception {
    List<String> urls = bypasses(port);
    assertTrue(urls.size() >= 30, "at least 30 forms");
    try (WebhookSender sender =
        new WebhookSender(
            new Destinations(List.of()), Duration.ofSeconds(1), Duration.ofSeconds(3))) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<WebhookSender.Outcome>> outcomes = new ArrayList<>();
      for (String url : urls) {
        outcomes.add(
            pool.submit(
                () ->
                    sender.send(
                        url, "evt_1", 1614265330, List.of(SignaturesTest.SECRET), "{\"a\":1}")));
      }
      for (int i = 0; i < urls.size(); i++) {
        WebhookSender.Outcome o = outcomes.get(i).get();
        assertFalse(o.success(), urls.get(i) + " must not be delivered: " + o);
      }
      pool.shutdown();
    }
    assertEquals(0, reached.get(), "nothing reached the loopback listener");
    for (String bad :
        new String[] {
          "ftp://example.com/",
          "file:///etc/passwd",
          "http://user:pw@example.com/",
          "gopher://x",
          "http:///nohost",
          "https://example.com/#frag",
          "not a url"
        }) {
      assertNotNull(Destinations.invalid(bad), bad);
    }
    assertNull(Destinations.invalid("https://hooks.example.com/parley?x=1"));
  }

  @Test
  void anAllowedReceiverGetsTheSignedMessageAndRedirectsAreNotFollowed() throws Exception {
    try (WebhookSender sender =
        new WebhookSender(
            new Destinations(Destinations.parseAllowed("127.0.0.1/32")),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5))) {
      String body = "{\"type\":\"ticket.created\"}";
      WebhookSender.Outcome ok =
          sender.send(
              "http://127.0.0.1:" + port + "/hook",
              "evt_7",
              1614265330,
              List.of(SignaturesTest.SECRET),
              body);
      assertTrue(ok.success(), ok.toString());
      Map<String, String> got = received.get(0);
      assertEquals("evt_7", got.get("webhook-id"));
      assertEquals("1614265330", got.get("webhook-timestamp"));
      assertEquals(body, got.get("body"));
      assertTrue(
          Signatures.verify(
              SignaturesTest.SECRET, "evt_7", 1614265330, body, got.get("webhook-signature")));

      WebhookSender.Outcome redirected =
          sender.send(
              "http://127.0.0.1:" + port + "/redirect",
              "evt_8",
              1614265330,
              List.of(SignaturesTest.SECRET),
              body);
      assertEquals(307, redirected.status());
      assertFalse(redirected.success(), "a redirect is not a delivery");
      assertEquals(0, innerReached.get(), "the redirect's target was never asked");
    }
  }
}
