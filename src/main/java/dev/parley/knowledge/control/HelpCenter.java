package dev.parley.knowledge.control;

import dev.parley.knowledge.entity.Article;
import dev.parley.knowledge.entity.ArticleStatus;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
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
      em.persist(
          new Article(
              slug,
              md.title(slug),
              md.body(),
              md.get("collection", folder),
              md.get("language", "en"),
              ArticleStatus.fromWire(md.get("status", "published")),
              md.tags(),
              relative));
      added++;
    }
    return added;
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

  @Transactional
  public Optional<Article> find(long id) {
    return Optional.ofNullable(em.find(Article.class, id));
  }

  private Optional<Article> bySlug(String slug) {
    return em.createQuery("SELECT a FROM Article a WHERE a.slug = :slug", Article.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }
}
