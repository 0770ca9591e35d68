package dev.parley.chat.boundary;

import dev.parley.chat.control.Inboxes;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The headers of the widget's files. The host page's script ({@code parley.js}) may be loaded by
 * any site. The widget's frame ({@code frame.html?key=…}) has Parley's strict policy (no {@code
 * unsafe-inline}/{@code unsafe-eval}), and only the inbox's allowed origins and Parley itself may
 * frame it ({@code frame-ancestors}): an unknown key may be framed by nobody. The demo page ({@code
 * demo.html}) is a host page of Parley's own, framing the widget.
 */
@WebFilter(urlPatterns = {"/widget/*"})
public class WidgetPageHeaders extends HttpFilter {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static final String FRAME_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " font-src 'self'; connect-src 'self'; media-src 'self' blob:; form-action 'none';"
          + " base-uri 'none'; object-src 'none'; frame-ancestors ";

  static final String DEMO_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " frame-src 'self'; connect-src 'self'; base-uri 'none'; object-src 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  @Inject Inboxes inboxes;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-cache");
    if (path.equals("/widget/frame.html")) {
      response.setHeader("Content-Security-Policy", FRAME_POLICY + ancestors(request));
      response.setHeader("Referrer-Policy", "no-referrer");
      response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    } else if (path.equals("/widget/demo.html")) {
      response.setHeader("Content-Security-Policy", DEMO_POLICY);
      response.setHeader("Referrer-Policy", "no-referrer");
      response.setHeader("X-Frame-Options", "DENY");
    } else {
      // the host page's script and the frame's files: loadable by the pages that embed them
      response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    }
    chain.doFilter(request, response);
  }

  /** Parley itself and the origins the inbox of {@code ?key=} allows; nobody for another key. */
  String ancestors(HttpServletRequest request) {
    String key = request.getParameter("key");
    if (key == null || !KEY.matcher(key).matches()) {
      return "'none'";
    }
    return inboxes
        .byWidgetKey(key)
        .map(inbox -> "'self' " + String.join(" ", inbox.allowedOrigins())) // normalized origins
        .orElse("'none'");
  }
}
