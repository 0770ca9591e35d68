package dev.parley.chat.boundary;

import dev.parley.chat.entity.Inbox;
import dev.parley.platform.web.OwnOrigin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Which browser origins may use an inbox's widget: the origins the inbox allows (sites that call
 * the API themselves) and Parley's own, because the widget Parley serves runs in a frame of
 * Parley's origin. Which sites may <em>embed</em> that frame is said by its {@code frame-ancestors}
 * (see {@link WidgetPageHeaders}): the inbox's allowed origins again.
 */
@ApplicationScoped
public class WidgetOrigins {

  @Inject OwnOrigin ownOrigin;

  public boolean allows(Inbox inbox, String origin, HttpServletRequest request) {
    if (origin == null) {
      // browsers send no Origin on a same-origin GET (the widget frame reading an article or a
      // file); they say so in Sec-Fetch-Site, which pages cannot set
      return "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
    }
    return inbox.allowsOrigin(origin)
        || ownOrigin.accepts(origin, request.getHeader("Host"), request.isSecure());
  }
}
