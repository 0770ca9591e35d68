package dev.parley.chat.boundary;

import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Browser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The widget's budget (bench/widget-budget; not a test): the bytes a host page pays (the loader
 * script, and everything the widget loads, gzipped), and how soon after its script has loaded the
 * launcher is on screen, in headless Chromium on loopback, against a baseline script that only
 * draws a button, measured in the same run. The files are served from {@code src/main/webapp} by a
 * plain HTTP server, so the time is the widget's own, not Parley's.
 */
public final class WidgetBudget {

  private static final Path WEBAPP = Path.of("src/main/webapp");

  /** What a visitor's browser fetches for the widget: the loader, then the frame and its files. */
  static final List<String> LOADER = List.of("widget/parley.js");

  static final List<String> FRAME =
      List.of(
          "widget/frame.html",
          "widget/widget.css",
          "widget/js/widget.js",
          "ui/i18n.js",
          "ui/chat.js",
          "ui/text.js",
          "widget/i18n/en.json");

  static final List<String> CONSOLE =
      List.of(
          "console/index.html",
          "console/console.css",
          "console/js/app.js",
          "console/js/api.js",
          "console/js/conversation.js",
          "console/js/assist.js",
          "console/js/canned.js",
          "console/js/handover.js",
          "console/js/visitor.js",
          "console/js/notify.js",
          "console/js/shortcuts.js",
          "console/js/tickets.js",
          "ui/i18n.js",
          "ui/chat.js",
          "ui/text.js",
          "ui/theme.js",
          "console/i18n/en.json");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    System.out.println("## Sizes (bytes; gzip level 6, what servers use, and 9)\n");
    System.out.println("| what | files | raw | gzip -6 | gzip -9 | budget |");
    System.out.println("|---|---|---|---|---|---|");
    row("the script the host page loads", LOADER, "≤ 15 KB gzipped");
    List<String> whole = new ArrayList<>(LOADER);
    whole.addAll(FRAME);
    row("the whole widget (loader + frame, English)", whole, "≤ 80 KB gzipped");
    row("baseline: the agent console, for scale", CONSOLE, "—");
    System.out.println();
    launcher(runs);
  }

  private static void row(String what, List<String> files, String budget) throws IOException {
    long raw = 0;
    long six = 0;
    long nine = 0;
    for (String f : files) {
      byte[] bytes = Files.readAllBytes(WEBAPP.resolve(f));
      raw += bytes.length;
      six += gzip(bytes, 6);
      nine += gzip(bytes, Deflater.BEST_COMPRESSION);
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %,d | %,d | %,d | %s |%n",
        what,
        files.size(),
        raw,
        six,
        nine,
        budget);
  }

  static int gzip(byte[] bytes, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(level);
          }
        }) {
      gz.write(bytes);
    }
    return out.size();
  }

  /** Serves src/main/webapp and two host pages: one with the widget, one with the baseline. */
  private static void launcher(int runs) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String probe =
        "<script>window.__t = null; const p = () => { const h ="
            + " document.querySelector('[data-parley-widget]') || document.getElementById('b');"
            + " const b = h && (h.shadowRoot ? h.shadowRoot.querySelector('button') : h);"
            + " if (b && b.getBoundingClientRect().width > 0) { requestAnimationFrame(() => {"
            + " window.__t = performance.now(); }); } else requestAnimationFrame(p); };"
            + " requestAnimationFrame(p);</script>";
    String widgetPage =
        "<!doctype html><html><head><meta charset=utf-8></head><body><p>Shop</p>"
            + probe
            + "<script src='/widget/parley.js' data-widget-key=demo></script></body></html>";
    String baselinePage =
        "<!doctype html><html><head><meta charset=utf-8></head><body><p>Shop</p>"
            + probe
            + "<script src='/baseline.js'></script></body></html>";
    String baselineScript =
        "(function(){var b=document.createElement('button');b.id='b';b.textContent='Chat';"
            + "b.style.cssText='position:fixed;right:20px;bottom:20px;width:56px;height:56px';"
            + "document.body.appendChild(b);})();";
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body;
          String type;
          if (path.equals("/widget-host.html") || path.equals("/baseline-host.html")) {
            body =
                (path.startsWith("/widget") ? widgetPage : baselinePage)
                    .getBytes(StandardCharsets.UTF_8);
            type = "text/html; charset=utf-8";
          } else if (path.equals("/baseline.js")) {
            body = baselineScript.getBytes(StandardCharsets.UTF_8);
            type = "text/javascript";
          } else {
            Path file = WEBAPP.resolve(path.substring(1)).normalize();
            if (!file.startsWith(WEBAPP) || !Files.isRegularFile(file)) {
              exchange.sendResponseHeaders(404, -1);
              exchange.close();
              return;
            }
            body = Files.readAllBytes(file);
            type =
                path.endsWith(".js")
                    ? "text/javascript"
                    : path.endsWith(".css")
                        ? "text/css"
                        : path.endsWith(".json") ? "application/json" : "text/html; charset=utf-8";
          }
          exchange.getResponseHeaders().set("Content-Type", type);
          exchange.getResponseHeaders().set("Cache-Control", "no-store");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (Browser browser = Browser.start("en-US")) {
      double[] widget = measure(browser, base + "/widget-host.html", "/widget/parley.js", runs);
      double[] baseline = measure(browser, base + "/baseline-host.html", "/baseline.js", runs);
      System.out.println(
          "## The launcher on screen after its script has loaded (ms, headless Chromium, loopback, "
              + runs
              + " page loads each)\n");
      System.out.println("| script | median | p95 | max | budget |");
      System.out.println("|---|---|---|---|---|");
      print("Parley's widget loader", widget, "≤ 150 ms");
      print("baseline: a script that only draws a button", baseline, "—");
    } finally {
      server.stop(0);
    }
  }

  /** Per page load: the time from the script's response end to the frame the launcher is drawn. */
  private static double[] measure(Browser browser, String page, String script, int runs) {
    double[] ms = new double[runs];
    for (int i = -3; i < runs; i++) { // three warm-up loads
      browser.driver().get(page);
      Object t =
          browser.until(
              d ->
                  browser.script(
                      "if (window.__t === null) return null;"
                          + " const e = performance.getEntriesByType('resource').find(r =>"
                          + " r.name.endsWith(arguments[0])); return e ? window.__t - e.responseEnd :"
                          + " null;",
                      script));
      if (i >= 0) {
        ms[i] = ((Number) t).doubleValue();
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void print(String what, double[] ms, String budget) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f | %s |%n",
        what,
        ms[ms.length / 2],
        ms[(int) Math.ceil(ms.length * 0.95) - 1],
        ms[ms.length - 1],
        budget);
  }
}
