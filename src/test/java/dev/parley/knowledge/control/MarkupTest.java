package dev.parley.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** KB-9: article text leaves Parley as safe HTML or as plain text, never as live markup. */
class MarkupTest {

  private static final String HOSTILE =
      "# Title\n\nHello <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n"
          + "[click](javascript:alert(3)) [ok](https://help.example/a) <a href=\"javascript:x\">y</a>"
          + "\n\n<iframe src=\"https://evil.example\"></iframe>";

  @Test
  void renderedHtmlKeepsFormattingAndSafeLinksOnly() {
    String html = Markup.html(HOSTILE);
    assertTrue(html.contains("<h1>Title</h1>"), html);
    assertTrue(html.contains("href=\"https://help.example/a\""), html);
    // raw HTML in the Markdown is shown as text, never as an element
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("onerror="), html);
    assertFalse(html.contains("href=\"javascript"), html);
    assertFalse(html.contains("<iframe"), html);
    assertFalse(html.contains("<img"), html);
    assertTrue(html.contains("&lt;script&gt;"), html);
  }

  @Test
  void plainTextDropsTagsScriptsAndLinkTargets() {
    String plain = Markup.plain(HOSTILE);
    assertFalse(plain.contains("<"), plain);
    assertFalse(plain.contains("alert(1)"), plain);
    assertFalse(plain.contains("javascript:"), plain);
    assertTrue(plain.contains("click"), plain);
    assertTrue(plain.contains("Hello"), plain);
  }

  @Test
  void htmlUploadsKeepTheirImagesAsMarkdownImages() {
    String markdown =
        Documents.htmlToMarkdown(
            "<p>Before <img src=\"https://cdn.example/a.png\" alt=\"Diagram\"> after <img src=x>"
                + " <img src=\"javascript:alert(1)\"></p>");
    assertTrue(markdown.contains("![Diagram](https://cdn.example/a.png)"), markdown);
    assertTrue(markdown.contains("![](x)"), markdown);
    assertFalse(markdown.contains(":a:"), markdown);
    assertFalse(markdown.contains(":x:"), markdown);
    assertFalse(markdown.contains("javascript"), markdown);
  }

  @Test
  void passagesArePlainText() {
    String chunkText =
        new Chunker(80, 20)
            .chunk("T", "Intro <b>bold</b> <script>steal()</script> text.")
            .get(0)
            .text();
    assertEquals("Intro bold text.", chunkText.replaceAll("\\s+", " ").strip());
  }
}
