package dev.parley.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.knowledge.entity.ArticleStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KB-1: the demo help center's format, and the files themselves. */
class MarkdownArticleTest {

  @Test
  void frontMatterAndBodyAreSeparated() {
    MarkdownArticle md =
        MarkdownArticle.parse(
            "---\ntitle: \"Refunds: how\"\ncollection: Billing\ntags: [billing, 'refunds']\n---\n# Refunds\n\nText.\n");
    assertEquals("Refunds: how", md.title("x"));
    assertEquals("Billing", md.get("collection", "general"));
    assertEquals(List.of("billing", "refunds"), md.tags());
    assertEquals("# Refunds\n\nText.", md.body());
  }

  @Test
  void withoutFrontMatterTheHeadingIsTheTitle() {
    MarkdownArticle md = MarkdownArticle.parse("# Plain article\r\nBody");
    assertEquals("Plain article", md.title("fallback"));
    assertEquals("en", md.get("language", "en"));
    assertTrue(md.tags().isEmpty());
    assertEquals("fallback", MarkdownArticle.parse("no heading").title("fallback"));
  }

  @Test
  void theDemoHelpCenterIsComplete() {
    Map<String, String> files = HelpCenter.readFolder(Path.of("knowledge-base"));
    assertTrue(files.size() >= 10, "demo help center has " + files.size() + " articles");
    assertFalse(files.containsKey("README.md"));
    files.forEach(
        (path, text) -> {
          MarkdownArticle md = MarkdownArticle.parse(text);
          assertFalse(md.get("title", "").isBlank(), path + " has no title");
          assertFalse(md.get("collection", "").isBlank(), path + " has no collection");
          assertFalse(md.tags().isEmpty(), path + " has no tags");
          ArticleStatus.fromWire(md.get("status", "published"));
          // a Chinese character says about what a word does: 80 of them, about 200 letters
          int least = md.get("language", "en").equals("zh") ? 80 : 200;
          assertTrue(md.body().length() > least, path + " is too short to answer anything");
        });
  }
}
