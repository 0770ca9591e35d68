package dev.parley.knowledge.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Markdown file with YAML-style front matter ({@code title}, {@code collection}, {@code
 * language}, {@code tags}, {@code status}), as kept in {@code knowledge-base/}.
 */
public record MarkdownArticle(Map<String, String> frontMatter, String body) {

  public static MarkdownArticle parse(String text) {
    String normalized = text.replace("\r\n", "\n");
    Map<String, String> front = new LinkedHashMap<>();
    String body = normalized;
    if (normalized.startsWith("---\n")) {
      int end = normalized.indexOf("\n---", 4);
      if (end > 0) {
        for (String line : normalized.substring(4, end).split("\n")) {
          int colon = line.indexOf(':');
          if (colon > 0 && !line.startsWith("#")) {
            front.put(
                line.substring(0, colon).trim().toLowerCase(),
                unquote(line.substring(colon + 1).trim()));
          }
        }
        int bodyStart = normalized.indexOf('\n', end + 4);
        body = bodyStart < 0 ? "" : normalized.substring(bodyStart + 1);
      }
    }
    return new MarkdownArticle(Map.copyOf(front), body.strip());
  }

  /** The title from front matter, else the first {@code # heading}, else the fallback. */
  public String title(String fallback) {
    String title = frontMatter.get("title");
    if (title != null && !title.isBlank()) {
      return title;
    }
    for (String line : body.split("\n")) {
      if (line.startsWith("# ")) {
        return line.substring(2).trim();
      }
    }
    return fallback;
  }

  public String get(String key, String fallback) {
    String value = frontMatter.get(key);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Tags as {@code [a, b]} or {@code a, b}. */
  public List<String> tags() {
    String raw = frontMatter.getOrDefault("tags", "");
    raw = raw.replace("[", "").replace("]", "");
    List<String> tags = new ArrayList<>();
    for (String tag : raw.split(",")) {
      String t = unquote(tag.trim());
      if (!t.isEmpty()) {
        tags.add(t);
      }
    }
    return tags;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\""))
            || (value.startsWith("'") && value.endsWith("'")))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
