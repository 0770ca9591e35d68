package dev.parley.platform.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client's address for throttling and audit: the peer's, or the first {@code X-Forwarded-For}
 * entry when Parley runs behind a trusted proxy ({@code parley.http.trust-forwarded-for}).
 */
@ApplicationScoped
public class ClientAddresses {

  @Inject
  @ConfigProperty(name = "parley.http.trust-forwarded-for", defaultValue = "false")
  boolean trustForwardedFor;

  public String of(HttpServletRequest http) {
    if (trustForwardedFor) {
      String forwarded = http.getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].trim();
      }
    }
    return http.getRemoteAddr();
  }
}
