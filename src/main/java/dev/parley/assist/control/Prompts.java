package dev.parley.assist.control;

import dev.parley.platform.config.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The versioned prompt templates of the repository's {@code prompts/} (packed in the WAR): the
 * highest version of each name is used. See {@code prompts/README.md} for the format.
 */
@ApplicationScoped
public class Prompts {

  private static final Logger LOG = Logger.getLogger(Prompts.class.getName());
  private static final String FOLDER = "/WEB-INF/classes/prompts/";

  public static final String REPLY_SUGGESTIONS = "reply-suggestions";
  public static final String BOT_ANSWER = "bot-answer";
  public static final String SUMMARY = "summary";

  /** A prompt: its system part and its user template. */
  public record Prompt(String name, int version, String system, String user) {
    public String render(Map<String, String> values) {
      String text = user;
      for (Map.Entry<String, String> v : values.entrySet()) {
        text = text.replace("{{" + v.getKey() + "}}", v.getValue());
      }
      return text;
    }
  }

  private final Map<String, Prompt> latest = new ConcurrentHashMap<>();

  void onStart(@Observes Startup.Started started) {
    ServletContext context = started.servletContext();
    Set<String> paths = context == null ? null : context.getResourcePaths(FOLDER);
    if (paths == null) {
      LOG.warning("No prompts found in the application");
      return;
    }
    for (String path : paths) {
      if (!path.endsWith(".md") || path.endsWith("README.md")) {
        continue;
      }
      try (InputStream in = context.getResourceAsStream(path)) {
        add(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    LOG.log(
        Level.INFO,
        "Prompts: {0}",
        latest.values().stream().map(p -> p.name() + " v" + p.version()).toList());
  }

  public void add(Prompt prompt) {
    latest.merge(prompt.name(), prompt, (a, b) -> a.version() >= b.version() ? a : b);
  }

  /** The prompts in use (the highest version of each name), by name. */
  public java.util.List<Prompt> all() {
    return latest.values().stream().sorted(java.util.Comparator.comparing(Prompt::name)).toList();
  }

  public Prompt get(String name) {
    Prompt prompt = latest.get(name);
    if (prompt == null) {
      throw new IllegalStateException("No prompt named " + name + " in prompts/");
    }
    return prompt;
  }

  /** Parses a prompt file: front matter, system prompt, {@code ---user---}, user template. */
  public static Prompt parse(String text, String where) {
    String normalized = text.replace("\r\n", "\n");
    if (!normalized.startsWith("---\n")) {
      throw new IllegalArgumentException(where + ": a prompt starts with front matter");
    }
    int end = normalized.indexOf("\n---\n", 4);
    String name = null;
    int version = 0;
    for (String line : normalized.substring(4, end).split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (key.equals("name")) {
          name = value;
        } else if (key.equals("version")) {
          version = Integer.parseInt(value);
        }
      }
    }
    String rest = normalized.substring(end + 5);
    int split = rest.indexOf("\n---user---\n");
    if (name == null || version < 1 || split < 0) {
      throw new IllegalArgumentException(where + ": needs name, version and a ---user--- line");
    }
    return new Prompt(
        name, version, rest.substring(0, split).strip(), rest.substring(split + 12).strip());
  }
}
