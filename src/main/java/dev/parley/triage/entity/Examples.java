package dev.parley.triage.entity;

import dev.parley.platform.errors.Invalid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A topic's example utterances, checked one by one: an example that cannot be used is refused by
 * its position ({@code examples/17}) with the reason; one that can be repaired is repaired and the
 * repair reported (line breaks and runs of spaces become one space, the ends are trimmed); a
 * duplicate (the same words, ignoring case and spacing) is dropped and reported. Nothing changes
 * silently.
 */
public record Examples(List<String> kept, List<Note> notes) {

  /** The most characters an example may have. */
  public static final int MAX_LENGTH = 500;

  /** What happened to one example: where it was, what was done and why. */
  public record Note(int index, String action, String detail) {
    public String pointer() {
      return "#/examples/" + index;
    }
  }

  private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u3000]+");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\s]]");

  /** Checks examples as given; throws {@link Invalid} naming every refused one. */
  public static Examples of(List<String> given) {
    Invalid invalid = new Invalid("Invalid examples");
    List<String> kept = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < given.size(); i++) {
      String raw = given.get(i);
      if (raw == null) {
        invalid.field("examples/" + i, "is null; an example is a text");
        continue;
      }
      String text = SPACES.matcher(CONTROL.matcher(raw).replaceAll("")).replaceAll(" ").strip();
      if (text.isEmpty()) {
        invalid.field("examples/" + i, "is blank");
        continue;
      }
      if (text.length() > MAX_LENGTH) {
        invalid.field(
            "examples/" + i, "has " + text.length() + " characters; at most " + MAX_LENGTH);
        continue;
      }
      if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
        invalid.field("examples/" + i, "has no words");
        continue;
      }
      String key = text.toLowerCase(Locale.ROOT);
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        notes.add(new Note(i, "dropped", "duplicate of #/examples/" + first));
        continue;
      }
      if (!text.equals(raw)) {
        notes.add(
            new Note(
                i,
                "normalized",
                raw.strip().equals(text)
                    ? "leading or trailing spaces trimmed"
                    : "line breaks, tabs or repeated spaces replaced by one space"));
      }
      kept.add(text);
    }
    if (!invalid.fields().isEmpty()) {
      throw invalid;
    }
    return new Examples(List.copyOf(kept), List.copyOf(notes));
  }
}
