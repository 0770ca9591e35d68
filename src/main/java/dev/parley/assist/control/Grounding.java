package dev.parley.assist.control;

import dev.parley.knowledge.control.Retrieval;
import dev.parley.platform.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guardrails around the language model. In: knowledge passages and the visitor's words go into
 * the prompt only inside delimiting elements, escaped so they cannot close them, and the system
 * prompt says they are data. Out: the answer is parsed as JSON, each text is reduced to plain text,
 * and a suggestion is dropped when it cites a source that was not retrieved, cites nothing (when
 * grounding is required), repeats the instructions, or links to an address that no retrieved
 * passage contains (a model steered by injected text could otherwise send the visitor, or their
 * data in a query string, anywhere).
 */
public final class Grounding {

  /** A passage as the model sees it: a short id ({@code S1}) and where it comes from. */
  public record Source(
      String id, long articleId, String title, String anchor, String text, double score) {
    public JsonObject citation() {
      return Jsons.object()
          .add("source", id)
          .add("article", articleId)
          .add("title", title)
          .add("anchor", anchor)
          .build();
    }
  }

  /** One turn of the conversation, by role: visitor, agent or bot. */
  public record Turn(String role, String text) {}

  /** A suggestion that passed the checks. */
  public record Draft(String text, List<String> citations) {}

  /** What survived, and why the rest was dropped. */
  public record Checked(List<Draft> kept, List<String> dropped) {}

  private static final Pattern CITATION = Pattern.compile("\\[(S\\d{1,3})]");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"'\\])]+");
  private static final int MAX_TEXT = 2000;

  private Grounding() {}

  public static List<Source> sources(List<Retrieval.Passage> passages) {
    List<Source> sources = new ArrayList<>();
    for (Retrieval.Passage p : passages) {
      sources.add(
          new Source(
              "S" + (sources.size() + 1),
              p.articleId(),
              p.title(),
              p.anchor(),
              p.text(),
              p.score()));
    }
    return sources;
  }

  /** An answer as a visitor reads it: its sources go beside it, not as marks like {@code [S1]}. */
  public static String withoutCitationMarks(String text) {
    return dev.parley.assist.entity.AiDecision.withoutCitationMarks(text);
  }

  /** Data may not close or open the prompt's elements. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public static String passages(List<Source> sources) {
    StringBuilder s = new StringBuilder();
    for (Source source : sources) {
      s.append("<passage id=\"")
          .append(source.id())
          .append("\" title=\"")
          .append(escape(source.title()).replace("\"", "&quot;"))
          .append("\">\n")
          .append(escape(source.text()))
          .append("\n</passage>\n");
    }
    return s.toString().strip();
  }

  public static String transcript(List<Turn> turns) {
    StringBuilder s = new StringBuilder();
    for (Turn turn : turns) {
      s.append("<turn role=\"")
          .append(turn.role())
          .append("\">")
          .append(escape(turn.text()))
          .append("</turn>\n");
    }
    return s.toString().strip();
  }

  public static JsonArray retrievedJson(List<Source> sources) {
    JsonArrayBuilder array = Jsons.array();
    for (Source s : sources) {
      array.add(
          Jsons.object()
              .add("source", s.id())
              .add("article", s.articleId())
              .add("title", s.title())
              .add("anchor", s.anchor())
              .add("score", s.score()));
    }
    return array.build();
  }

  /**
   * Checks a model's answer against what was retrieved.
   *
   * @param output the model's text (JSON, possibly fenced)
   * @param sources what was retrieved and shown to it
   * @param instructions the system prompt, which no output may repeat
   * @param requireCitation whether an output citing nothing is dropped
   */
  public static Checked check(
      String output, List<Source> sources, String instructions, boolean requireCitation) {
    List<Draft> kept = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    Set<String> known = new LinkedHashSet<>();
    sources.forEach(s -> known.add(s.id()));
    JsonArray suggestions;
    try {
      String json = output == null ? "" : output.strip();
      int start = json.indexOf('{');
      int end = json.lastIndexOf('}');
      if (start < 0 || end < start) {
        dropped.add("the answer was not JSON");
        return new Checked(kept, dropped);
      }
      suggestions = Jsons.read(json.substring(start, end + 1)).getJsonArray("suggestions");
    } catch (RuntimeException e) {
      dropped.add("the answer was not JSON of the asked shape");
      return new Checked(kept, dropped);
    }
    if (suggestions == null) {
      dropped.add("the answer had no suggestions array");
      return new Checked(kept, dropped);
    }
    for (JsonValue value : suggestions) {
      if (!(value instanceof JsonObject o) || !(o.get("text") instanceof JsonString t)) {
        dropped.add("a suggestion without text");
        continue;
      }
      String text = plain(t.getString());
      if (text.isBlank()) {
        dropped.add("an empty suggestion");
        continue;
      }
      Set<String> cited = new LinkedHashSet<>();
      if (o.get("citations") instanceof JsonArray array) {
        for (JsonValue c : array) {
          cited.add(c instanceof JsonString s ? s.getString().strip() : c.toString());
        }
      }
      Matcher inline = CITATION.matcher(text);
      while (inline.find()) {
        cited.add(inline.group(1));
      }
      Set<String> invented = new LinkedHashSet<>(cited);
      invented.removeAll(known);
      if (!invented.isEmpty()) {
        dropped.add("cites " + String.join(", ", invented) + ", which was not retrieved");
        continue;
      }
      if (requireCitation && cited.isEmpty()) {
        dropped.add("cites nothing");
        continue;
      }
      if (repeats(text, instructions)) {
        dropped.add("repeats the instructions");
        continue;
      }
      String foreign = foreignLink(text, sources);
      if (foreign != null) {
        dropped.add("links to " + foreign + ", which no passage contains");
        continue;
      }
      kept.add(new Draft(text, List.copyOf(cited)));
    }
    return new Checked(kept, dropped);
  }

  /** Plain text: tags, control characters and Markdown images go; length is capped. */
  static String plain(String text) {
    String s =
        text.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
            .replaceAll("<[^>]{0,200}>", "")
            .replaceAll("!\\[[^\\]]*]\\([^)]*\\)", "")
            .replaceAll("[\\p{Cntrl}&&[^\n\t]]", "")
            .strip();
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }

  /** The first web address in a text that none of the passages contains, or null. */
  static String foreignLink(String text, List<Source> sources) {
    Matcher links = URL.matcher(text);
    while (links.find()) {
      String link = links.group().replaceAll("[.,;:!?]+$", "");
      boolean known = false;
      for (Source s : sources) {
        if (s.text() != null && s.text().contains(link)) {
          known = true;
          break;
        }
      }
      if (!known) {
        return link.length() > 80 ? link.substring(0, 80) + "..." : link;
      }
    }
    return null;
  }

  /** Whether a text quotes 8 or more consecutive words of the instructions. */
  static boolean repeats(String text, String instructions) {
    if (instructions == null || instructions.isBlank()) {
      return false;
    }
    String[] words = normalize(instructions).split(" ");
    String haystack = " " + normalize(text) + " ";
    for (int i = 0; i + 8 <= words.length; i++) {
      String window = String.join(" ", java.util.Arrays.copyOfRange(words, i, i + 8));
      if (haystack.contains(" " + window + " ")) {
        return true;
      }
    }
    return false;
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
