package dev.parley.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A customer's website for browser tests: pages served from {@code http://127.0.0.1:<free port>},
 * an origin other than Parley's ({@code localhost}), so the widget runs cross-origin as it does in
 * production.
 */
public final class HostPage implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, String> pages = new ConcurrentHashMap<>();

  private HostPage(HttpServer server) {
    this.server = server;
  }

  public static HostPage start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      HostPage host = new HostPage(server);
      server.createContext(
          "/",
          exchange -> {
            String page = host.pages.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", page == null ? "text/plain" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return host;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves {@code html} at {@code path}; returns the page's address. */
  public String page(String path, String html) {
    pages.put(path, html);
    return origin() + path;
  }

  /** A page of the shop with Parley's snippet for {@code widgetKey}, and {@code head} extras. */
  public String shop(String path, String widgetKey, String head) {
    return page(
        path,
        "<!doctype html><html><head><meta charset=utf-8>"
            + "<meta name=viewport content='width=device-width, initial-scale=1'>"
            + "<title>Shop</title>"
            + head
            + "</head><body><h1>The shop</h1><p>Products and prices.</p>"
            + "<script src='"
            + Parley.baseUrl()
            + "/widget/parley.js' data-widget-key='"
            + widgetKey
            + "' async></script></body></html>");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
