package dev.parley.knowledge.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.knowledge.control.KnowledgeGaps;
import dev.parley.knowledge.entity.Article;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Questions the bot could not answer, grouped, for admins to turn into articles. */
@Path("knowledge/gaps")
@Tag(name = "Knowledge base")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(
    roles = Role.ADMIN,
    scopes = {Scope.KB_WRITE, Scope.ADMIN})
public class KnowledgeGapsResource {

  @Inject KnowledgeGaps gaps;

  @GET
  @Operation(
      summary = "Open knowledge gaps, grouped by meaning",
      description =
          "Each group: the id to draft from, a question, how often, examples, last asked.")
  public JsonArray list(@QueryParam("limit") @DefaultValue("50") int limit) {
    JsonArrayBuilder array = Jsons.array();
    for (KnowledgeGaps.Group g : gaps.groups(Math.max(1, Math.min(limit, 500)))) {
      array.add(
          Jsons.object()
              .add("id", g.id())
              .add("question", g.question())
              .add("count", g.count())
              .add("examples", Jsons.array(g.examples()))
              .add("lastAsked", g.lastAsked().toString()));
    }
    return array.build();
  }

  @POST
  @Path("{id}/draft")
  @Operation(summary = "Turn a gap's group into a draft article (its questions leave the list)")
  public Response draft(@PathParam("id") long id, @Context SecurityContext security) {
    Article a = gaps.draft(id, Views.caller(security).id());
    return Response.status(201)
        .entity(ArticlesResource.view(a))
        .header("Location", "/api/v1/articles/" + a.id())
        .build();
  }
}
