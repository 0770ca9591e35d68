package dev.parley.knowledge.control;

import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.DataHolder;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * The one rule for article text leaving Parley (KB-9). Articles are Markdown source: the API
 * returns that source as text, never as HTML. Where HTML is wanted (a help-center page, an agent's
 * preview) it comes from {@link #html}: Markdown rendered with any raw HTML in it escaped, then
 * sanitized (OWASP) so that only formatting, tables, images and links with {@code http}, {@code
 * https} or {@code mailto} remain. Where text is wanted (the bot, suggestions, passages) it comes
 * from {@link #plain}: tags, script and style bodies, images and link targets go; link texts stay.
 */
public final class Markup {

  private static final DataHolder OPTIONS =
      new MutableDataSet().set(HtmlRenderer.ESCAPE_HTML, true).toImmutable();
  private static final Parser PARSER = Parser.builder(OPTIONS).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder(OPTIONS).build();

  /** What rendered Markdown may keep: formatting, structure, tables, images and safe links. */
  static final PolicyFactory POLICY =
      Sanitizers.BLOCKS
          .and(Sanitizers.FORMATTING)
          .and(Sanitizers.LINKS)
          .and(Sanitizers.TABLES)
          .and(Sanitizers.IMAGES)
          .and(new HtmlPolicyBuilder().allowElements("pre", "code", "hr").toFactory());

  private static final Pattern SCRIPTS =
      Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
  private static final Pattern TAGS = Pattern.compile("(?s)<[^<>]{0,2000}>");
  private static final Pattern IMAGES = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
  private static final Pattern LINKS = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");

  private Markup() {}

  /** Markdown as safe HTML: raw HTML escaped, then only safe elements and URLs kept. */
  public static String html(String markdown) {
    if (markdown == null) {
      return "";
    }
    return POLICY.sanitize(RENDERER.render(PARSER.parse(markdown)));
  }

  /** Markdown (or text that may hold tags) as plain text: link texts stay, markup goes. */
  public static String plain(String markdown) {
    if (markdown == null) {
      return "";
    }
    String text = SCRIPTS.matcher(markdown).replaceAll(" ");
    text = TAGS.matcher(text).replaceAll(" ");
    text = IMAGES.matcher(text).replaceAll("$1");
    text = LINKS.matcher(text).replaceAll("$1");
    return text;
  }

  /**
   * Replaces each (sanitized) {@code <img>} by a token and returns the Markdown image for each, so
   * that an HTML-to-Markdown conversion cannot mistake an image for an emoji shortcut.
   */
  static String imagesAsTokens(String html, java.util.List<String> images) {
    Matcher m = Pattern.compile("<img\\b([^>]*)/?>").matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String src = attribute(m.group(1), "src");
      String alt = attribute(m.group(1), "alt");
      String replacement = "";
      if (src != null && !src.isBlank()) {
        replacement = " PARLEYIMAGE" + images.size() + "X ";
        images.add(
            "!["
                + (alt == null ? "" : alt.replaceAll("[\\[\\]]", ""))
                + "]("
                + src.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String tokensAsImages(String markdown, java.util.List<String> images) {
    String result = markdown;
    for (int i = images.size() - 1; i >= 0; i--) {
      result = result.replace("PARLEYIMAGE" + i + "X", images.get(i));
    }
    return result;
  }

  private static String attribute(String attributes, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
    if (!m.find()) {
      return null;
    }
    return unescape(m.group(1));
  }

  private static String unescape(String value) {
    return value
        .replace("&#61;", "=")
        .replace("&#64;", "@")
        .replace("&#43;", "+")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
