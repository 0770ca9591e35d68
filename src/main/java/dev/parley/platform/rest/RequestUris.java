package dev.parley.platform.rest;

import dev.parley.platform.json.Jsons;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses an API path that is not valid percent-encoded UTF-8 with a problem, before the JAX-RS
 * runtime tries to decode it (it logged a warning with a stack trace for each such request, which
 * anyone could use to flood the log).
 */
@WebFilter(urlPatterns = "/api/v1/*", asyncSupported = true)
public class RequestUris extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!decodable(request.getRequestURI())) {
      String id = RequestIds.newId();
      response.setStatus(400);
      response.setContentType(Problem.MEDIA_TYPE);
      response.setCharacterEncoding("UTF-8");
      response.setHeader(RequestIds.HEADER, id);
      String body =
          Jsons.object(
                  Problem.of(400, "bad-parameter", "Bad parameter")
                      .detail("The URL's path is not valid percent-encoded UTF-8.")
                      .toJson())
              .add("requestId", id)
              .build()
              .toString();
      response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }

  /** Whether every percent escape is complete and the bytes they spell are UTF-8. */
  static boolean decodable(String path) {
    if (path == null || path.indexOf('%') < 0) {
      return true;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length()) {
          return false;
        }
        int high = Character.digit(path.charAt(i + 1), 16);
        int low = Character.digit(path.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return false;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
