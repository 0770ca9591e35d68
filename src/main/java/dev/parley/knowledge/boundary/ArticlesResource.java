package dev.parley.knowledge.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.knowledge.control.HelpCenter;
import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.ArticleStatus;
import dev.parley.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reading the knowledge base. */
@Path("articles")
@Tag(name = "Knowledge base")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(
    roles = Role.AGENT,
    scopes = {Scope.KB_READ, Scope.KB_WRITE})
public class ArticlesResource {

  public record ArticleSummary(
      long id,
      String slug,
      String title,
      String collection,
      String language,
      String status,
      List<String> tags) {
    static ArticleSummary of(Article a) {
      return new ArticleSummary(
          a.id(), a.slug(), a.title(), a.collection(), a.language(), a.status().wire(), a.tags());
    }
  }

  public record ArticleView(
      long id,
      String slug,
      String title,
      String body,
      String collection,
      String language,
      String status,
      List<String> tags,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  @Inject HelpCenter helpCenter;

  @GET
  @Operation(summary = "List articles, optionally by collection and status")
  public List<ArticleSummary> list(
      @QueryParam("collection") String collection,
      @QueryParam("status") String status,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    Problem problem = Problem.validation();
    ArticleStatus parsed = null;
    if (status != null) {
      try {
        parsed = ArticleStatus.fromWire(status);
      } catch (IllegalArgumentException e) {
        problem.field("status", "must be draft, published or archived");
      }
    }
    if (offset < 0) {
      problem.field("offset", "must not be negative");
    }
    if (limit < 1 || limit > 200) {
      problem.field("limit", "must be between 1 and 200");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return helpCenter.list(collection, parsed, offset, limit).stream()
        .map(ArticleSummary::of)
        .toList();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get an article with its Markdown body")
  public ArticleView get(@PathParam("id") long id) {
    Article a =
        helpCenter.find(id).orElseThrow(() -> Problem.notFound("No article " + id).exception());
    return new ArticleView(
        a.id(),
        a.slug(),
        a.title(),
        a.body(),
        a.collection(),
        a.language(),
        a.status().wire(),
        a.tags(),
        a.createdAt(),
        a.updatedAt());
  }
}
