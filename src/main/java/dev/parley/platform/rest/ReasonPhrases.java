package dev.parley.platform.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Gives the API's status lines their reason phrase where the container has none: Open Liberty
 * writes "422 Undefined", and Servlet 6 has no standard way to set a phrase. The container's own
 * response class still has one ({@code setReason}); it is reached reflectively, and without it the
 * status is sent as before.
 */
@WebFilter(urlPatterns = "/api/v1/*", asyncSupported = true)
public class ReasonPhrases extends HttpFilter {

  private static final Map<Integer, String> PHRASES = Map.of(422, "Unprocessable Content");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(
        request,
        new HttpServletResponseWrapper(response) {
          @Override
          public void setStatus(int status) {
            super.setStatus(status);
            String phrase = PHRASES.get(status);
            if (phrase != null) {
              reason(response, phrase);
            }
          }
        });
  }

  private static void reason(ServletResponse response, String phrase) {
    ServletResponse target = response;
    while (target instanceof ServletResponseWrapper wrapper) {
      target = wrapper.getResponse();
    }
    try {
      Method setReason = target.getClass().getMethod("setReason", String.class);
      setReason.invoke(target, phrase);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not Open Liberty's response: the status code alone is sent
    }
  }
}
