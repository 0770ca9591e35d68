package dev.parley.identity.boundary;

import dev.parley.identity.control.SigningKeys;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The visitor-token signing keys: which exist, rotation and retirement. Secrets never leave.
 * Rotating and retiring are for signed-in admins only (ID-8): an API token could otherwise sign out
 * every visitor at once.
 */
@Path("signing-keys")
@Tag(name = "Signing keys")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN)
public class SigningKeysResource {

  public record KeyView(String kid, boolean signing) {}

  @Inject SigningKeys keys;

  @GET
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Operation(summary = "List the key ids that verify visitor tokens, and which one signs")
  public List<KeyView> list() {
    SigningKeys.KeyRing ring = keys.ring();
    return ring.verifying().keySet().stream()
        .sorted()
        .map(kid -> new KeyView(kid, kid.equals(ring.signingKid())))
        .toList();
  }

  @POST
  @Path("rotate")
  @Operation(summary = "Start signing with a new key; tokens signed by older keys stay valid")
  public KeyView rotate() {
    return new KeyView(keys.rotate().kid(), true);
  }

  @POST
  @Path("retire-old")
  @Operation(summary = "Retire every key but the current one; tokens they signed stop working")
  public Map<String, Integer> retireOld() {
    return Map.of("retired", keys.retireOlderThanCurrent());
  }
}
