package dev.parley.knowledge.control;

import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.json.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only folders of the server that articles may be imported from (KB-8): {@code
 * PARLEY_IMPORT_ROOTS} (default: the data directory's {@code imports/}), the bundled demo help
 * center and {@code PARLEY_KNOWLEDGE_BASE_DIR}. A requested path is resolved against the first root
 * when relative, then to its real path (symbolic links followed, {@code ..} gone) and must lie
 * inside a root's real path; each file found is checked the same way before it is read, so a link
 * inside a root cannot lead outside it.
 */
@ApplicationScoped
public class ImportRoots {

  private static final Logger LOG = Logger.getLogger(ImportRoots.class.getName());
  private static final String BUNDLED = "/WEB-INF/classes/knowledge-base";

  /** A root: its real path and what it is. */
  public record Root(Path path, String description) {}

  @Inject Settings settings;

  private volatile List<Root> roots = List.of();

  void onStart(@Observes Startup.Started started) {
    List<Root> found = new ArrayList<>();
    boolean configured = settings.get("PARLEY_IMPORT_ROOTS").isPresent();
    for (Path root : settings.importRoots()) {
      try {
        if (!configured) {
          Files.createDirectories(root);
        }
        found.add(new Root(root.toRealPath(), "import folder"));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Import folder {0} is not usable: {1}", new Object[] {root, e});
      }
    }
    String bundled =
        started.servletContext() == null ? null : started.servletContext().getRealPath(BUNDLED);
    if (bundled != null) {
      add(found, Path.of(bundled), "bundled demo help center");
    }
    settings.knowledgeBaseDir().ifPresent(dir -> add(found, dir, "PARLEY_KNOWLEDGE_BASE_DIR"));
    roots = List.copyOf(found);
  }

  private static void add(List<Root> roots, Path dir, String description) {
    try {
      if (Files.isDirectory(dir)) {
        roots.add(new Root(dir.toRealPath(), description));
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "not an import root", e);
    }
  }

  public List<Root> roots() {
    return roots;
  }

  /**
   * The folder a request names, resolved and confined.
   *
   * @throws Invalid (field {@code path}) when it is missing, malformed, absent, not a folder or
   *     outside every root
   */
  public Path folder(String requested) {
    if (requested == null || requested.isBlank()) {
      throw invalid("is required: a folder inside an import root (GET /api/v1/articles/imports)");
    }
    String unstorable = Texts.unstorable(requested);
    if (unstorable != null || requested.length() > 1000) {
      throw invalid(unstorable != null ? unstorable : "must be at most 1000 characters");
    }
    if (roots.isEmpty()) {
      throw invalid("no import folder is configured (PARLEY_IMPORT_ROOTS)");
    }
    Path candidate;
    try {
      Path given = Path.of(requested);
      candidate = given.isAbsolute() ? given : roots.get(0).path().resolve(given);
    } catch (InvalidPathException e) {
      throw invalid("is not a valid path");
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      throw invalid("no such folder in the import roots");
    } catch (IOException | SecurityException e) {
      throw invalid("cannot be read");
    }
    if (!inside(real)) {
      throw invalid("is outside the import roots (GET /api/v1/articles/imports lists them)");
    }
    if (!Files.isDirectory(real)) {
      throw invalid("is not a folder");
    }
    return real;
  }

  /** Whether a file, by its real path (links followed), lies inside a root. */
  public boolean contains(Path file) {
    try {
      return inside(file.toRealPath());
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private boolean inside(Path real) {
    for (Root root : roots) {
      if (real.startsWith(root.path())) {
        return true;
      }
    }
    return false;
  }

  private static Invalid invalid(String detail) {
    return (Invalid) new Invalid("The import folder is not allowed").field("path", detail);
  }
}
