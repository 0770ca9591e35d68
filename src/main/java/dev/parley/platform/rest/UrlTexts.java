package dev.parley.platform.rest;

import dev.parley.platform.json.Texts;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses URLs whose decoded path or query carries text no store can keep (a NUL from {@code %00},
 * an unpaired surrogate) before any resource sees them: 400 naming the parameter.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 90)
public class UrlTexts implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath(true);
    String problem = Texts.unstorable(path);
    if (problem != null) {
      request.abortWith(
          Problem.of(400, "bad-parameter", "Bad parameter")
              .detail("The path " + problem + ".")
              .toResponse());
      return;
    }
    for (Map.Entry<String, List<String>> parameter :
        request.getUriInfo().getQueryParameters(true).entrySet()) {
      String where = parameter.getKey();
      String bad = Texts.unstorable(where);
      for (String value : parameter.getValue()) {
        if (bad == null) {
          bad = Texts.unstorable(value);
        }
      }
      if (bad != null) {
        request.abortWith(
            Problem.of(400, "bad-parameter", "Bad parameter")
                .detail("The query parameter '" + Texts.echo(where) + "' " + bad + ".")
                .field(Texts.echo(where), bad)
                .toResponse());
        return;
      }
    }
  }
}
