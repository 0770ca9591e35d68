package dev.parley.knowledge.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cuts an article's Markdown into heading-aware chunks: each section under a heading ({@code #} to
 * {@code ####}) is split into windows of at most {@code maxWords} words that overlap by {@code
 * overlapWords}, so a sentence cut at a window's end is whole in the next. What is embedded is
 * {@code title › heading} followed by the window, so every chunk says what it is about.
 *
 * <p>The window must fit the embedding model: all-MiniLM-L6-v2's tokenizer silently drops
 * everything past 128 tokens (about 90 English words), so the default is 80 words.
 */
public final class Chunker {

  /** A chunk of an article: its place, the heading it sits under, and the text to embed. */
  public record Chunk(int ordinal, String anchor, String heading, String text, String embedded) {
    /** Identifies the embedded text under a model: an unchanged chunk is not embedded again. */
    public String hash(String model) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(model.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(embedded.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final int maxWords;
  private final int overlapWords;
  private final boolean titleChunk;

  public Chunker(int maxWords, int overlapWords) {
    this(maxWords, overlapWords, false);
  }

  /**
   * @param titleChunk also embed the title alone (shown with the article's first words): a
   *     question-shaped title is the best match for a visitor's question (EVALUATION.md)
   */
  public Chunker(int maxWords, int overlapWords, boolean titleChunk) {
    this.titleChunk = titleChunk;
    if (maxWords < 10) {
      throw new IllegalArgumentException("parley.knowledge.chunk-words must be at least 10");
    }
    if (overlapWords < 0 || overlapWords >= maxWords) {
      throw new IllegalArgumentException(
          "parley.knowledge.chunk-overlap must be at least 0 and less than chunk-words");
    }
    this.maxWords = maxWords;
    this.overlapWords = overlapWords;
  }

  public List<Chunk> chunk(String title, String markdown) {
    Map<String, Integer> anchorsSeen = new LinkedHashMap<>();
    List<Chunk> chunks = new ArrayList<>();
    String heading = "";
    String anchor = "";
    StringBuilder section = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.replace("\r\n", "\n").split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      }
      int level = fenced ? 0 : headingLevel(line);
      if (level > 0) {
        emit(title, heading, anchor, section.toString(), chunks);
        section.setLength(0);
        heading = line.substring(level).strip().replaceAll("\\s*#+$", "");
        anchor = unique(slug(heading), anchorsSeen);
        if (level == 1 && heading.equalsIgnoreCase(title)) {
          heading = "";
          anchor = "";
        }
      } else {
        section.append(line).append('\n');
      }
    }
    emit(title, heading, anchor, section.toString(), chunks);
    if (chunks.isEmpty()) {
      // an article with a title only is still findable by it
      chunks.add(new Chunk(0, "", "", "", title));
    } else if (titleChunk && !title.isBlank()) {
      List<Chunk> withTitle = new ArrayList<>();
      withTitle.add(new Chunk(0, "", "", chunks.get(0).text(), title));
      for (Chunk c : chunks) {
        withTitle.add(new Chunk(c.ordinal() + 1, c.anchor(), c.heading(), c.text(), c.embedded()));
      }
      return withTitle;
    }
    return chunks;
  }

  private void emit(
      String title, String heading, String anchor, String sectionText, List<Chunk> chunks) {
    String[] words = plain(sectionText).split("\\s+");
    List<String> kept = new ArrayList<>();
    for (String w : words) {
      if (!w.isEmpty()) {
        kept.add(w);
      }
    }
    if (kept.isEmpty()) {
      return;
    }
    String prefix = heading.isEmpty() ? title : title + " › " + heading;
    int step = maxWords - overlapWords;
    for (int start = 0; ; start += step) {
      int end = Math.min(kept.size(), start + maxWords);
      String text = String.join(" ", kept.subList(start, end));
      chunks.add(new Chunk(chunks.size(), anchor, heading, text, prefix + "\n" + text));
      if (end >= kept.size()) {
        break;
      }
    }
  }

  /**
   * Markdown reduced to its words: links keep their text; tags (and what scripts and styles hold),
   * emphasis and markup go. Passages are plain text, so nothing the bot quotes can be markup.
   */
  static String plain(String markdown) {
    return Markup.plain(markdown)
        .replaceAll("(?m)^\\s*(```.*|>\\s?|[-*+]\\s+|\\d+\\.\\s+|\\|)", "")
        .replaceAll("[*_`]{1,3}", "")
        .replace("|", " ");
  }

  private static int headingLevel(String line) {
    int level = 0;
    while (level < line.length() && line.charAt(level) == '#') {
      level++;
    }
    return level >= 1 && level <= 4 && line.length() > level && line.charAt(level) == ' '
        ? level
        : 0;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  public static String slug(String heading) {
    return heading
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\s-]", "")
        .strip()
        .replaceAll("\\s", "-");
  }

  private static String unique(String anchor, Map<String, Integer> seen) {
    int n = seen.merge(anchor, 1, Integer::sum);
    return n == 1 ? anchor : anchor + "-" + (n - 1);
  }
}
