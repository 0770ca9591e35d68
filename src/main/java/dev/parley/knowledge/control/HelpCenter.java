package dev.parley.knowledge.control;

import dev.parley.integration.control.Outbox;
import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.ArticleRevision;
import dev.parley.knowledge.entity.ArticleStatus;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.json.Texts;
import dev.parley.platform.messaging.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.ServletContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The articles of the help center. On the first start of an installation (no articles yet) the demo
 * help center bundled from the repository's {@code knowledge-base/} is loaded, or the folder named
 * by {@code PARLEY_KNOWLEDGE_BASE_DIR} instead.
 */
@ApplicationScoped
public class HelpCenter {

  private static final Logger LOG = Logger.getLogger(HelpCenter.class.getName());

  @PersistenceContext EntityManager em;
  @Inject Settings settings;
  @Inject Ingestion ingestion;
  @Inject Outbox outbox;
  @Inject Broker broker;
  @Inject Retrieval retrieval;
  @Inject ImportRoots importRoots;

  /**
   * What an author writes: every field of an article but its identity and history. A draft that
   * breaks the article's limits (which are its columns') cannot exist: the constructor refuses it,
   * naming each field.
   */
  public record Draft(
      String title,
      String body,
      String collection,
      String language,
      ArticleStatus status,
      List<String> tags) {

    public static final int MAX_TITLE = 300;
    public static final int MAX_BODY = 1_000_000;
    public static final int MAX_TAGS_LENGTH = 500;

    public Draft {
      Invalid invalid = new Invalid("The article has invalid fields");
      text(invalid, "title", title, MAX_TITLE);
      text(invalid, "body", body, MAX_BODY);
      text(invalid, "collection", collection, 120);
      text(invalid, "language", language, 16);
      if (status == null) {
        invalid.field("status", "must be draft, published or archived");
      }
      tags = tags == null ? List.of() : List.copyOf(tags);
      for (int i = 0; i < tags.size(); i++) {
        String tag = tags.get(i);
        if (tag == null || tag.isBlank() || tag.contains(",") || tag.length() > 64) {
          invalid.field("tags/" + i, "must be 1 to 64 characters without commas");
        } else if (Texts.unstorable(tag) != null) {
          invalid.field("tags/" + i, Texts.unstorable(tag));
        }
      }
      if (String.join(",", tags).length() > MAX_TAGS_LENGTH) {
        invalid.field("tags", "at most " + MAX_TAGS_LENGTH + " characters in all");
      }
      if (!invalid.fields().isEmpty()) {
        throw invalid;
      }
    }

    private static void text(Invalid invalid, String field, String value, int max) {
      if (value == null || value.isBlank()) {
        invalid.field(field, "is required");
      } else if (value.length() > max) {
        invalid.field(field, "must be at most " + max + " characters");
      } else if (Texts.unstorable(value) != null) {
        invalid.field(field, Texts.unstorable(value));
      }
    }
  }

  private static final String BUNDLED = "/WEB-INF/classes/knowledge-base/";

  @Transactional
  void onStart(@Observes Startup.Started started) {
    if (count() > 0) {
      return;
    }
    Optional<Path> dir = settings.knowledgeBaseDir();
    if (dir.isPresent() && !Files.isDirectory(dir.get())) {
      LOG.log(
          Level.WARNING,
          "PARLEY_KNOWLEDGE_BASE_DIR {0} is not a directory; no articles loaded",
          dir.get());
      return;
    }
    Map<String, String> files =
        dir.isPresent() ? readFolder(dir.get()) : readBundled(started.servletContext());
    int loaded = importFiles(files);
    LOG.log(
        Level.INFO,
        "Loaded {0} articles from {1}",
        new Object[] {loaded, dir.map(Path::toString).orElse("the bundled demo help center")});
  }

  /** Imports Markdown files given as relative path to content; existing slugs are skipped. */
  @Transactional
  public int importFiles(Map<String, String> files) {
    int added = 0;
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      String relative = file.getKey();
      String slug =
          relative.replaceAll("\\.md$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9/]+", "-");
      if (bySlug(slug).isPresent()) {
        continue;
      }
      MarkdownArticle md = MarkdownArticle.parse(file.getValue());
      String folder =
          relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "general";
      Article a =
          new Article(
              slug,
              md.title(slug),
              md.body(),
              md.get("collection", folder),
              md.get("language", "en"),
              ArticleStatus.fromWire(md.get("status", "published")),
              md.tags(),
              relative);
      persistNew(a);
      added++;
    }
    return added;
  }

  /** Creates an article; it becomes searchable once ingested. */
  @Transactional
  public Article create(Draft draft, Long authorId, String sourceType, String sourcePath) {
    Article a =
        new Article(
                uniqueSlug(draft.title()),
                draft.title(),
                draft.body(),
                draft.collection(),
                draft.language(),
                draft.status(),
                draft.tags(),
                sourcePath)
            .by(authorId, sourceType);
    persistNew(a);
    return a;
  }

  private void persistNew(Article a) {
    em.persist(a);
    em.flush();
    em.persist(new ArticleRevision(a));
    outbox.record("article.created", "article", a.id(), event(a));
    ingestion.request(a.id());
  }

  /**
   * Saves a new revision of an article. An unchanged save is not a revision; a changed one is
   * ingested again (only its changed chunks are embedded).
   */
  @Transactional
  public Article update(long id, long expectedVersion, Draft draft, Long authorId) {
    Article a = require(id);
    if (expectedVersion >= 0 && a.revision() != expectedVersion) {
      throw new Conflict(
              "The article changed since it was read; reload it and apply the edit again")
          .field("version", Integer.toString(a.revision()));
    }
    if (a.revise(
        draft.title(),
        draft.body(),
        draft.collection(),
        draft.language(),
        draft.status(),
        draft.tags(),
        authorId)) {
      em.persist(new ArticleRevision(a));
      outbox.record("article.updated", "article", a.id(), event(a));
      ingestion.request(a.id());
      em.flush(); // racing the indexer's bookkeeping is a conflict (409) here, not at commit
    }
    return a;
  }

  /** Deletes an article with its chunks and history. */
  @Transactional
  public void delete(long id) {
    Article a = require(id);
    outbox.record("article.deleted", "article", a.id(), event(a));
    em.remove(a);
    em.flush();
    broker.afterCommit(() -> retrieval.retriever().changed(id));
  }

  /** Asks for ingestion again (after a failure). */
  @Transactional
  public Article reingest(long id) {
    Article a = require(id);
    a.reingest();
    ingestion.request(id);
    return a;
  }

  @Transactional
  public List<ArticleRevision> revisions(long id) {
    require(id);
    return em.createQuery(
            "SELECT r FROM ArticleRevision r WHERE r.articleId = :id ORDER BY r.revision DESC",
            ArticleRevision.class)
        .setParameter("id", id)
        .getResultList();
  }

  private Article require(long id) {
    Article a = em.find(Article.class, id);
    if (a == null) {
      throw new NotFound("No article " + id);
    }
    return a;
  }

  private static jakarta.json.JsonObject event(Article a) {
    return Jsons.object()
        .add("id", a.id())
        .add("title", a.title())
        .add("collection", a.collection())
        .add("language", a.language())
        .add("status", a.status().wire())
        .add("revision", a.revision())
        .build();
  }

  private String uniqueSlug(String title) {
    String base = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    base = base.replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "article";
    }
    if (base.length() > 150) {
      base = base.substring(0, 150);
    }
    String slug = base;
    for (int n = 2; bySlug(slug).isPresent(); n++) {
      slug = base + "-" + n;
    }
    return slug;
  }

  /** What an import did: the articles created and the files it passed over, with why. */
  public record Imported(List<Article> created, List<Skipped> skipped) {}

  /** A file an import did not turn into an article. */
  public record Skipped(String file, String reason) {}

  /**
   * Imports every supported file (Markdown, HTML, text, PDF, DOCX) of a folder inside the import
   * roots ({@link ImportRoots}); files whose path was imported before are skipped, and so is any
   * file whose real path (links followed) leads outside the roots. Articles take the status asked
   * for (a file's front matter cannot publish itself). Returns the created articles.
   */
  @Transactional
  public Imported importFolder(
      String requested, String collection, ArticleStatus status, Long by, long maxFileBytes) {
    Path root = importRoots.folder(requested);
    List<Article> created = new java.util.ArrayList<>();
    List<Skipped> skipped = new java.util.ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        String name = file.getFileName().toString();
        if (name.equalsIgnoreCase("README.md") || name.startsWith(".")) {
          continue;
        }
        if (!importRoots.contains(file)) {
          LOG.log(Level.WARNING, "Import skipped {0}: it leads outside the import roots", file);
          skipped.add(new Skipped(relative, "leads outside the import roots"));
          continue;
        }
        Documents.Kind kind;
        try {
          kind = Documents.Kind.of(name, null);
        } catch (Invalid unsupported) {
          skipped.add(new Skipped(relative, "not Markdown, HTML, text, PDF or DOCX"));
          continue;
        }
        String source = root.getFileName() + "/" + relative;
        if (source.length() > 500) {
          skipped.add(new Skipped(relative, "its path is longer than 500 characters"));
          continue;
        }
        if (Files.size(file) > maxFileBytes) {
          skipped.add(new Skipped(relative, "larger than " + maxFileBytes + " bytes"));
          continue;
        }
        if (em.createQuery("SELECT COUNT(a) FROM Article a WHERE a.sourcePath = :p", Long.class)
                .setParameter("p", source)
                .getSingleResult()
            > 0) {
          continue;
        }
        String folder =
            relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : collection;
        try {
          Documents.Parsed parsed = Documents.parse(name, null, Files.readAllBytes(file));
          Draft draft =
              new Draft(
                  titleOf(parsed, name),
                  parsed.markdown(),
                  parsed.front().get("collection", folder),
                  parsed.front().get("language", "en"),
                  status,
                  parsed.front().tags());
          created.add(create(draft, by, kind.wire(), source));
        } catch (Invalid e) {
          skipped.add(new Skipped(relative, e.getMessage() + " " + e.fields()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Imported(created, skipped);
  }

  /** A document's title, else its file name without extension, cut to an article's limit. */
  public static String titleOf(Documents.Parsed parsed, String fileName) {
    String title = parsed.title() != null ? parsed.title() : fileName.replaceAll("\\.[^.]+$", "");
    title = title.strip();
    return title.length() > Draft.MAX_TITLE ? title.substring(0, Draft.MAX_TITLE) : title;
  }

  static Map<String, String> readFolder(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, String> files = new TreeMap<>();
      for (Path file : paths.filter(HelpCenter::isArticle).toList()) {
        files.put(
            root.relativize(file).toString().replace('\\', '/'),
            Files.readString(file, StandardCharsets.UTF_8));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo help center packed in the WAR (from the repository's {@code knowledge-base/}). */
  private static Map<String, String> readBundled(ServletContext servletContext) {
    Map<String, String> files = new TreeMap<>();
    if (servletContext != null) {
      collect(servletContext, BUNDLED, files);
    }
    return files;
  }

  private static void collect(
      ServletContext servletContext, String folder, Map<String, String> files) {
    Set<String> paths = servletContext.getResourcePaths(folder);
    if (paths == null) {
      return;
    }
    for (String path : paths) {
      if (path.endsWith("/")) {
        collect(servletContext, path, files);
      } else if (isArticle(Path.of(path))) {
        try (InputStream in = servletContext.getResourceAsStream(path)) {
          files.put(
              path.substring(BUNDLED.length()),
              new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static boolean isArticle(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".md") && !name.equalsIgnoreCase("README.md");
  }

  @Transactional
  public long count() {
    return em.createQuery("SELECT COUNT(a) FROM Article a", Long.class).getSingleResult();
  }

  @Transactional
  public List<Article> list(String collection, ArticleStatus status, int offset, int limit) {
    return em.createQuery(
            "SELECT a FROM Article a WHERE (:collection IS NULL OR a.collection = :collection)"
                + " AND (:status IS NULL OR a.status = :status) ORDER BY a.collection, a.title, a.id",
            Article.class)
        .setParameter("collection", collection)
        .setParameter("status", status)
        .setFirstResult(offset)
        .setMaxResults(limit)
        .getResultList();
  }

  /** A published article as visitors read it: its title and its text without markup. */
  public record PublishedArticle(
      long id, String title, String text, String language, java.time.OffsetDateTime updatedAt) {}

  /** A published article for visitors (drafts and archived ones are not found). */
  @Transactional
  public Optional<PublishedArticle> published(long id) {
    return find(id)
        .filter(a -> a.status() == ArticleStatus.PUBLISHED)
        .map(
            a ->
                new PublishedArticle(
                    a.id(),
                    a.title(),
                    Markup.plain(a.body()).strip(),
                    a.language(),
                    a.updatedAt()));
  }

  @Transactional
  public Optional<Article> find(long id) {
    return Optional.ofNullable(em.find(Article.class, id));
  }

  /** An article by its slug. */
  @Transactional
  public Optional<Article> findBySlug(String slug) {
    return bySlug(slug);
  }

  /** One article of a batch: an existing one to update (by id), or a new one. */
  public record BatchItem(Long id, Draft draft, String sourceType) {}

  /** What a batch did to one article. */
  public record BatchResult(Article article, String outcome) {}

  /**
   * Creates or updates many articles in one transaction (all or nothing); each changed article is
   * queued for ingestion. An update that changes nothing is reported as {@code unchanged}.
   */
  @Transactional
  public List<BatchResult> batch(List<BatchItem> items, Long authorId) {
    List<BatchResult> results = new java.util.ArrayList<>();
    for (BatchItem item : items) {
      if (item.id() == null) {
        results.add(
            new BatchResult(create(item.draft(), authorId, item.sourceType(), null), "created"));
      } else {
        long revision = require(item.id()).revision();
        Article a = update(item.id(), -1, item.draft(), authorId);
        results.add(new BatchResult(a, a.revision() == revision ? "unchanged" : "updated"));
      }
    }
    return results;
  }

  /** The articles of a batch, for its ingestion progress (missing ones are left out). */
  @Transactional
  public List<Article> all(java.util.Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery("SELECT a FROM Article a WHERE a.id IN :ids ORDER BY a.id", Article.class)
        .setParameter("ids", ids)
        .getResultList();
  }

  private Optional<Article> bySlug(String slug) {
    return em.createQuery("SELECT a FROM Article a WHERE a.slug = :slug", Article.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }
}
