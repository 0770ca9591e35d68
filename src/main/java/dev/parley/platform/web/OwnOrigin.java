package dev.parley.platform.web;

import dev.parley.platform.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Whether a browser request comes from Parley's own pages: its {@code Origin} is the origin of
 * {@code PARLEY_PUBLIC_URL}, or the very scheme and host the request was sent to. Guards what a
 * browser does with the staff's session (the console's cookie, the staff WebSocket).
 */
@ApplicationScoped
public class OwnOrigin {

  @Inject Settings settings;

  /**
   * @param origin the request's {@code Origin} header (not null)
   * @param host its {@code Host} header, may be null
   * @param secure whether it came over HTTPS
   */
  public boolean accepts(String origin, String host, boolean secure) {
    String normalized = origin.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals(settings.publicOrigin())) {
      return true;
    }
    return host != null
        && normalized.equals(
            (secure ? "https://" : "http://") + host.trim().toLowerCase(Locale.ROOT));
  }
}
