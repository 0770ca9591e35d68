package dev.parley.platform.rest;

import dev.parley.identity.boundary.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The cheapest API call: clients use it to check that they reach the API and how fast; the ticket
 * benchmark uses it as the ceiling of the JAX-RS stack (no database, nothing but the request
 * filters and a constant body).
 */
@Path("ping")
@Tag(name = "Operations")
@Produces(MediaType.APPLICATION_JSON)
@Public
public class PingResource {

  private static final String PONG = "{\"pong\":true}";

  @GET
  @Operation(summary = "Reachability and round-trip check", description = "Always {\"pong\":true}.")
  public String ping() {
    return PONG;
  }
}
