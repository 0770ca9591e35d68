package dev.parley.knowledge.control;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentParser;
import dev.langchain4j.data.document.parser.apache.pdfbox.ApachePdfBoxDocumentParser;
import dev.langchain4j.data.document.parser.apache.poi.ApachePoiDocumentParser;
import dev.parley.platform.errors.Invalid;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Turns an uploaded file into an article's title and Markdown body: Markdown as is (front matter
 * read), HTML sanitized (OWASP Java HTML Sanitizer: no scripts, styles, handlers or frames) then
 * converted to Markdown (flexmark), plain text as is, PDF through Apache PDFBox and DOCX through
 * Apache POI (LangChain4j's document parsers).
 */
public final class Documents {

  /** The file kinds Parley reads, by name; the wire name is stored as the article's source. */
  public enum Kind {
    MARKDOWN("markdown"),
    HTML("html"),
    TEXT("text"),
    PDF("pdf"),
    DOCX("docx");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The kind of a file by its name's extension, else by its sniffed media type. */
    public static Kind of(String fileName, String mediaType) {
      String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
      String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
      if (name.endsWith(".md") || name.endsWith(".markdown") || type.equals("text/markdown")) {
        return MARKDOWN;
      }
      if (name.endsWith(".html") || name.endsWith(".htm") || type.startsWith("text/html")) {
        return HTML;
      }
      if (name.endsWith(".pdf") || type.equals("application/pdf")) {
        return PDF;
      }
      if (name.endsWith(".docx")
          || type.equals(
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")) {
        return DOCX;
      }
      if (name.endsWith(".txt") || type.startsWith("text/plain")) {
        return TEXT;
      }
      throw new Invalid("Unsupported file type")
          .field(
              "name",
              "must be Markdown (.md), HTML (.html), plain text (.txt), PDF (.pdf) or Word (.docx)"
                  + (type.isEmpty() ? "" : "; the content looks like " + type));
    }
  }

  /** What a file gives: a title (null if it has none), the Markdown body, its front matter. */
  public record Parsed(String title, String markdown, MarkdownArticle front, Kind kind) {}

  private static final PolicyFactory POLICY =
      Sanitizers.BLOCKS
          .and(Sanitizers.FORMATTING)
          .and(Sanitizers.LINKS)
          .and(Sanitizers.TABLES)
          .and(Sanitizers.IMAGES)
          .and(new HtmlPolicyBuilder().allowElements("pre", "code", "hr", "title").toFactory());

  private Documents() {}

  public static Parsed parse(String fileName, String mediaType, byte[] content) {
    Kind kind = Kind.of(fileName, mediaType);
    return switch (kind) {
      case MARKDOWN -> {
        MarkdownArticle md = MarkdownArticle.parse(new String(content, StandardCharsets.UTF_8));
        yield new Parsed(md.title(null), md.body(), md, kind);
      }
      case HTML -> {
        String html = new String(content, StandardCharsets.UTF_8);
        String markdown = htmlToMarkdown(html);
        yield new Parsed(htmlTitle(html), markdown, MarkdownArticle.parse(markdown), kind);
      }
      case TEXT -> {
        String text = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
        yield new Parsed(null, text, MarkdownArticle.parse(""), kind);
      }
      case PDF -> binary(new ApachePdfBoxDocumentParser(), content, kind);
      case DOCX -> binary(new ApachePoiDocumentParser(), content, kind);
    };
  }

  /** Sanitizes HTML (anything that could run or load is dropped) and converts it to Markdown. */
  public static String htmlToMarkdown(String html) {
    String safe = POLICY.sanitize(stripHead(html));
    List<String> images = new ArrayList<>();
    String tokenized = Markup.imagesAsTokens(safe, images);
    String markdown = FlexmarkHtmlConverter.builder().build().convert(tokenized).strip();
    return Markup.tokensAsImages(markdown, images);
  }

  private static String stripHead(String html) {
    return html.replaceAll("(?is)<head[^>]*>.*?</head>", "");
  }

  private static String htmlTitle(String html) {
    var title = java.util.regex.Pattern.compile("(?is)<title[^>]*>(.*?)</title>").matcher(html);
    if (title.find()) {
      String text = title.group(1).replaceAll("<[^>]+>", "").strip();
      return text.isEmpty() ? null : text;
    }
    var h1 = java.util.regex.Pattern.compile("(?is)<h1[^>]*>(.*?)</h1>").matcher(html);
    return h1.find() ? h1.group(1).replaceAll("<[^>]+>", "").strip() : null;
  }

  private static Parsed binary(DocumentParser parser, byte[] content, Kind kind) {
    Document document;
    try {
      document = parser.parse(new ByteArrayInputStream(content));
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      // the parser's own words ("Missing root object specification in trailer."), not a wrapper's
      throw new Invalid("The file could not be read as " + kind.wire())
          .field(
              "file",
              cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
    String text = document.text() == null ? "" : document.text().replace("\r\n", "\n").strip();
    if (text.isBlank()) {
      throw new Invalid("The file has no text").field("file", "no text could be extracted");
    }
    String title = document.metadata() == null ? null : document.metadata().getString("title");
    return new Parsed(title, text, MarkdownArticle.parse(""), kind);
  }
}
