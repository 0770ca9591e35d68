package dev.parley.platform.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error pages of everything outside the REST API (unknown paths, a wrong method on a static
 * resource, a failure in a servlet), mapped in {@code web.xml}: a problem document for API-like
 * requests and a plain page for browsers, naming no class, file or exception of the server.
 */
@WebServlet(urlPatterns = ErrorPages.PATH)
public class ErrorPages extends HttpServlet {

  static final String PATH = "/_error";
  private static final Logger LOG = Logger.getLogger(ErrorPages.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (failure instanceof Throwable t && status >= 500) {
      LOG.log(Level.SEVERE, "Unexpected error outside the API", t);
    }
    if (response.isCommitted()) {
      return;
    }
    String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    String title = title(status);
    response.resetBuffer();
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (wantsJson(request, uri)) {
      response.setContentType(Problem.MEDIA_TYPE);
      response.setCharacterEncoding("UTF-8");
      String body =
          Problem.of(status, title.toLowerCase().replace(' ', '-'), title)
              .detail(detail(status))
              .toJson()
              .toString();
      response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    } else {
      response.setContentType("text/html;charset=UTF-8");
      response.setHeader("Content-Security-Policy", "default-src 'none'");
      String page =
          "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
              + status
              + " "
              + title
              + " - Parley</title></head><body><h1>"
              + title
              + "</h1><p>"
              + detail(status)
              + "</p></body></html>";
      response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static boolean wantsJson(HttpServletRequest request, String uri) {
    String accept = request.getHeader("Accept");
    return uri.startsWith("/api/")
        || uri.startsWith("/ws/")
        || uri.startsWith("/health")
        || uri.startsWith("/metrics")
        || uri.startsWith("/openapi")
        || (accept != null && accept.contains("json") && !accept.contains("text/html"));
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Authentication required";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Request body too large";
      case 414 -> "URI too long";
      case 415 -> "Unsupported media type";
      case 503 -> "Service unavailable";
      default -> status >= 500 ? "Internal error" : "Error";
    };
  }

  private static String detail(int status) {
    return switch (status) {
      case 404 -> "No such resource: check the URL.";
      case 405 -> "This resource does not support this method.";
      case 503 -> "Parley is starting or stopping; try again shortly.";
      default ->
          status >= 500
              ? "Parley could not complete the request; the log has details."
              : "The request could not be served.";
    };
  }
}
