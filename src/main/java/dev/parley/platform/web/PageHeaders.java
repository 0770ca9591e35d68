package dev.parley.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The headers of Parley's own pages (the console): a Content-Security-Policy without {@code
 * unsafe-inline} or {@code unsafe-eval} (scripts and styles only from files of this origin, no
 * plugins, no framing), no sniffing, no referrer, and revalidation so a new release is picked up.
 */
@WebFilter(urlPatterns = {"/console/*"})
public class PageHeaders extends HttpFilter {

  /** The console's policy: everything from Parley's origin only; WebSockets to it too. */
  public static final String CONSOLE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " font-src 'self'; connect-src 'self'; media-src 'self'; manifest-src 'self';"
          + " form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", CONSOLE_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    response.setHeader("Cache-Control", "no-cache");
    chain.doFilter(request, response);
  }
}
