package dev.parley.knowledge.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.knowledge.control.Documents;
import dev.parley.knowledge.control.HelpCenter;
import dev.parley.knowledge.control.ImportRoots;
import dev.parley.knowledge.control.Markup;
import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.ArticleRevision;
import dev.parley.knowledge.entity.ArticleStatus;
import dev.parley.platform.files.Downloads;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.BodyLimit;
import dev.parley.platform.rest.NotBlankWhenGiven;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The knowledge base's articles: agents and {@code kb:read} tokens read them; admins and {@code
 * kb:write} tokens write, upload files and import folders. Every save is a revision; the article is
 * searchable once its ingestion (shown on the article) is ready.
 */
@Path("articles")
@Tag(name = "Knowledge base")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(
    roles = Role.ADMIN,
    scopes = {Scope.KB_WRITE, Scope.ADMIN})
public class ArticlesResource {

  @Inject HelpCenter helpCenter;
  @Inject ImportRoots roots;

  @Inject
  @ConfigProperty(name = "parley.knowledge.max-upload-bytes", defaultValue = "20000000")
  long maxUploadBytes;

  @GET
  @Allowed(
      roles = Role.AGENT,
      scopes = {Scope.KB_READ, Scope.KB_WRITE})
  @Operation(summary = "List articles, optionally by collection and status")
  public JsonArray list(
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
    JsonArrayBuilder array = Jsons.array();
    helpCenter.list(collection, parsed, offset, limit).forEach(a -> array.add(summary(a)));
    return array.build();
  }

  @GET
  @Path("{id}")
  @Allowed(
      roles = Role.AGENT,
      scopes = {Scope.KB_READ, Scope.KB_WRITE})
  @Operation(
      summary = "Get an article with its Markdown body",
      description =
          "The ETag is the article's revision (its content; indexing does not change it): send it"
              + " as If-Match when changing it.")
  public Response get(@PathParam("id") long id) {
    Article a =
        helpCenter.find(id).orElseThrow(() -> Problem.notFound("No article " + id).exception());
    return Response.ok(view(a)).header("ETag", "\"" + a.revision() + "\"").build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Write an article",
      description =
          "Body: {title, body (Markdown) or html (sanitized, converted to Markdown), collection,"
              + " language (default en), status: draft|published|archived (default draft), tags}."
              + " It is ingested asynchronously: see ingestion on the article.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "article",
                      value =
                          "{\"title\":\"Resetting your password\",\"body\":\"## From the sign-in"
                              + " page\\nChoose *Forgot password*...\",\"collection\":\"account\","
                              + "\"status\":\"published\",\"tags\":[\"password\"]}")))
  public Response create(JsonObject body, @Context SecurityContext security) {
    HelpCenter.Draft draft = draft(body, null);
    Caller caller = Views.caller(security);
    Article a = helpCenter.create(draft, caller.id(), sourceOf(body), null);
    return Response.status(201)
        .entity(view(a))
        .header("Location", "/api/v1/articles/" + a.id())
        .header("ETag", "\"" + a.revision() + "\"")
        .build();
  }

  @PATCH
  @Path("{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Edit an article (a new revision)",
      description =
          "Fields given replace the current ones. With If-Match (the ETag of a GET) an article"
              + " changed since is refused with 412. Only changed chunks are embedded again.")
  public Response update(
      @PathParam("id") long id,
      @HeaderParam("If-Match") String ifMatch,
      JsonObject body,
      @Context SecurityContext security) {
    Article current =
        helpCenter.find(id).orElseThrow(() -> Problem.notFound("No article " + id).exception());
    long expected = expectedVersion(ifMatch);
    if (expected >= 0 && expected != current.revision()) {
      throw Problem.of(412, "precondition-failed", "Precondition failed")
          .detail("The article changed since it was read")
          .header("ETag", "\"" + current.revision() + "\"")
          .exception();
    }
    HelpCenter.Draft draft = draft(body, current);
    Article a = helpCenter.update(id, expected, draft, Views.caller(security).id());
    return Response.ok(view(a)).header("ETag", "\"" + a.revision() + "\"").build();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete an article, its chunks and its history")
  public Response delete(@PathParam("id") long id) {
    helpCenter.delete(id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/revisions")
  @Allowed(
      roles = Role.AGENT,
      scopes = {Scope.KB_READ, Scope.KB_WRITE})
  @Operation(summary = "An article's revisions, newest first")
  public JsonArray revisions(@PathParam("id") long id) {
    JsonArrayBuilder array = Jsons.array();
    for (ArticleRevision r : helpCenter.revisions(id)) {
      var o =
          Jsons.object()
              .add("revision", r.revision())
              .add("title", r.title())
              .add("body", r.body())
              .add("collection", r.collection())
              .add("language", r.language())
              .add("status", r.status().wire())
              .add("createdAt", r.createdAt().toString());
      if (r.authorId() != null) {
        o.add("author", r.authorId());
      } else {
        o.addNull("author");
      }
      array.add(o);
    }
    return array.build();
  }

  @POST
  @Path("{id}/ingestion")
  @Operation(summary = "Ingest an article again (after a failure)")
  public Response reingest(@PathParam("id") long id) {
    return Response.accepted(view(helpCenter.reingest(id))).build();
  }

  @POST
  @Path("files")
  @Consumes(MediaType.WILDCARD)
  @BodyLimit(bytes = 20_000_000, config = "parley.knowledge.max-upload-bytes")
  @Operation(
      summary = "Upload a file as an article",
      description =
          "The body is the file: Markdown (front matter read), HTML (sanitized), plain text, PDF or"
              + " DOCX, recognized by the name's extension or the sniffed content. The article is a"
              + " draft unless ?status=published (a file's front matter cannot publish it).")
  public Response upload(
      @QueryParam("name") String name,
      @QueryParam("collection") @DefaultValue("general") String collection,
      @QueryParam("status") @DefaultValue("draft") String status,
      @QueryParam("language") @DefaultValue("en") String language,
      InputStream body,
      @Context SecurityContext security) {
    if (name == null || name.isBlank() || name.length() > 255) {
      throw Problem.validation()
          .field("name", "the file's name is required, at most 255 characters")
          .exception();
    }
    ArticleStatus parsedStatus = status(status);
    byte[] content;
    try {
      content = body == null ? new byte[0] : Downloads.read(body, maxUploadBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (content == null) {
      throw Problem.of(413, "too-large", "File too large")
          .detail("Files are limited to " + maxUploadBytes + " bytes")
          .exception();
    }
    if (content.length == 0) {
      throw Problem.validation().field("file", "is empty").exception();
    }
    Documents.Parsed parsed = Documents.parse(name, Downloads.sniff(content), content);
    HelpCenter.Draft draft =
        new HelpCenter.Draft(
            HelpCenter.titleOf(parsed, name),
            parsed.markdown(),
            parsed.front().get("collection", collection),
            parsed.front().get("language", language),
            parsedStatus,
            parsed.front().tags());
    Article a =
        helpCenter.create(draft, Views.caller(security).id(), parsed.kind().wire(), baseName(name));
    return Response.status(201)
        .entity(view(a))
        .header("Location", "/api/v1/articles/" + a.id())
        .build();
  }

  /** A folder on the server to import, inside the import roots. */
  public record ImportRequest(
      @NotBlank @Size(max = 1000) String path,
      @NotBlankWhenGiven @Size(max = 120) String collection,
      @Pattern(
              regexp = "draft|published|archived",
              message = "must be draft, published or archived")
          String status) {}

  @GET
  @Path("imports")
  @Allowed(roles = Role.ADMIN)
  @Operation(
      summary = "The folders articles may be imported from",
      description =
          "PARLEY_IMPORT_ROOTS (default: the data directory's imports/), the bundled demo help"
              + " center and PARLEY_KNOWLEDGE_BASE_DIR. Signed-in admins only.")
  public JsonObject importRoots() {
    JsonArrayBuilder roots = Jsons.array();
    for (ImportRoots.Root root : this.roots.roots()) {
      roots.add(
          Jsons.object()
              .add("path", root.path().toString())
              .add("description", root.description()));
    }
    return Jsons.object().add("roots", roots).build();
  }

  @POST
  @Path("imports")
  @Consumes(MediaType.APPLICATION_JSON)
  @Allowed(roles = Role.ADMIN)
  @Operation(
      summary = "Import a folder on the server",
      description =
          "Body: {path (inside an import root: absolute, or relative to the first root),"
              + " collection (default: the first sub-folder, else general), status (default"
              + " draft)}. Every Markdown, HTML, text, PDF and DOCX file becomes an article; files"
              + " imported before are skipped, and so is anything whose real path leads outside"
              + " the roots. Signed-in admins only: an API token cannot read the server's files."
              + " scripts/import-kb uploads a local folder instead.")
  public Response importFolder(ImportRequest body, @Context SecurityContext security) {
    HelpCenter.Imported imported =
        helpCenter.importFolder(
            body.path(),
            body.collection() == null ? "general" : body.collection().strip(),
            status(body.status() == null ? "draft" : body.status()),
            Views.caller(security).id(),
            maxUploadBytes);
    JsonArrayBuilder array = Jsons.array();
    imported.created().forEach(a -> array.add(summary(a)));
    JsonArrayBuilder skipped = Jsons.array();
    imported
        .skipped()
        .forEach(s -> skipped.add(Jsons.object().add("file", s.file()).add("reason", s.reason())));
    return Response.status(201)
        .entity(
            Jsons.object()
                .add("imported", imported.created().size())
                .add("articles", array)
                .add("skipped", skipped)
                .build())
        .build();
  }

  /** The file's own name: whatever directories a client put in front of it are dropped. */
  static String baseName(String name) {
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    base = base.replaceAll("^\\.+", "").strip();
    if (base.isEmpty()) {
      base = "upload";
    }
    return base.length() > 255 ? base.substring(base.length() - 255) : base;
  }

  // ---- mapping ----------------------------------------------------------------------------------

  private static ArticleStatus status(String value) {
    try {
      return ArticleStatus.fromWire(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.validation()
          .field("status", "must be draft, published or archived")
          .exception();
    }
  }

  private static String sourceOf(JsonObject body) {
    return body != null && body.containsKey("html") ? "html" : "markdown";
  }

  /** A draft from a JSON body; fields missing keep {@code current}'s (or defaults). */
  static HelpCenter.Draft draft(JsonObject body, Article current) {
    if (body == null) {
      throw Problem.badRequest("A JSON object body is required").exception();
    }
    Problem problem = Problem.validation();
    String title = text(body, "title", current == null ? null : current.title(), problem, 300);
    String markdown;
    if (body.get("html") instanceof JsonString html) {
      markdown = Documents.htmlToMarkdown(html.getString());
    } else {
      markdown = text(body, "body", current == null ? null : current.body(), problem, 1_000_000);
    }
    String collection =
        text(body, "collection", current == null ? "general" : current.collection(), problem, 120);
    String language =
        text(body, "language", current == null ? "en" : current.language(), problem, 16);
    ArticleStatus status = current == null ? ArticleStatus.DRAFT : current.status();
    if (body.containsKey("status")) {
      try {
        status = ArticleStatus.fromWire(body.getString("status"));
      } catch (RuntimeException e) {
        problem.field("status", "must be draft, published or archived");
      }
    }
    List<String> tags = current == null ? List.of() : current.tags();
    if (body.containsKey("tags")) {
      tags = new ArrayList<>();
      JsonValue raw = body.get("tags");
      if (raw instanceof JsonArray array) {
        for (int i = 0; i < array.size(); i++) {
          if (array.get(i) instanceof JsonString tag
              && !tag.getString().isBlank()
              && !tag.getString().contains(",")) {
            tags.add(tag.getString().strip());
          } else {
            problem.field("tags/" + i, "must be a non-empty text without commas");
          }
        }
      } else {
        problem.field("tags", "must be an array of texts");
      }
    }
    if (title == null || title.isBlank()) {
      problem.field("title", "is required");
    }
    if (markdown == null || markdown.isBlank()) {
      problem.field("body", "is required (Markdown), or give html");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    return new HelpCenter.Draft(title.strip(), markdown, collection, language, status, tags);
  }

  private static String text(
      JsonObject body, String field, String fallback, Problem problem, int max) {
    JsonValue value = body.get(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonString s)) {
      problem.field(field, "must be a text");
      return fallback;
    }
    if (s.getString().length() > max) {
      problem.field(field, "must be at most " + max + " characters");
    }
    return s.getString();
  }

  private static long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.trim().equals("*")) {
      return -1;
    }
    try {
      return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
    } catch (NumberFormatException e) {
      throw Problem.of(412, "precondition-failed", "Precondition failed")
          .detail("If-Match must be the ETag of a GET of this article")
          .exception();
    }
  }

  static JsonObject summary(Article a) {
    return Jsons.object()
        .add("id", a.id())
        .add("slug", a.slug())
        .add("title", a.title())
        .add("collection", a.collection())
        .add("language", a.language())
        .add("status", a.status().wire())
        .add("tags", Jsons.array(a.tags()))
        .add("revision", a.revision())
        .add("ingestion", ingestion(a))
        .build();
  }

  static JsonObject ingestion(Article a) {
    var o =
        Jsons.object()
            .add("state", a.ingestState().wire())
            .add("done", a.ingestDone())
            .add("total", a.ingestTotal())
            .add("revision", a.ingestedRevision());
    if (a.ingestError() != null) {
      o.add("error", a.ingestError());
    }
    return o.build();
  }

  static JsonObject view(Article a) {
    var o =
        Jsons.object()
            .add("id", a.id())
            .add("slug", a.slug())
            .add("title", a.title())
            .add("body", a.body())
            .add("html", Markup.html(a.body()))
            .add("collection", a.collection())
            .add("language", a.language())
            .add("status", a.status().wire())
            .add("tags", Jsons.array(a.tags()))
            .add("revision", a.revision())
            // the ETag: the content revision (indexing in the background does not change it)
            .add("version", a.revision())
            .add("source", a.sourceType())
            .add("file", a.sourcePath() == null ? JsonValue.NULL : Json.createValue(a.sourcePath()))
            .add("ingestion", ingestion(a))
            .add("createdAt", a.createdAt().toString())
            .add("updatedAt", a.updatedAt().toString());
    if (a.authorId() != null) {
      o.add("author", a.authorId());
    } else {
      o.addNull("author");
    }
    return o.build();
  }
}
