package dev.parley.knowledge.control;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers in a text — error codes ({@code E-4021}), SKUs ({@code PX-1234-B}), invoice and order
 * numbers ({@code INV-2024-00017}, {@code #5512093}), versions ({@code v2.3.1}) — in one canonical
 * form: lower case, separators dropped. {@code E-4021}, {@code E4021}, {@code e_4021}, {@code
 * E.4021} and {@code E 4021} (a short letter prefix, then digits) are all {@code e4021}, so an
 * identifier matches however it is written. A token is an identifier when it mixes letters and
 * digits, or is digits in several groups ({@code 2.3.1}), or one run of at least five digits; plain
 * words and short numbers are not.
 */
public final class Identifiers {

  private Identifiers() {}

  /**
   * A letter of an alphabet: Chinese, Japanese and Korean characters are words of their own, so
   * "错误E4021" holds the code "E4021".
   */
  private static final String L =
      "[\\p{L}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]]";

  private static final String LN = "[" + L + "\\p{N}]";

  private static final Pattern TOKEN =
      Pattern.compile("(?<!" + LN + ")" + LN + "+(?:[-_./]" + LN + "+)*(?!" + LN + ")");

  /** A short prefix of letters, a space, then digits: "E 4021", "INV 2024-00017". */
  private static final Pattern SPLIT =
      Pattern.compile(
          "(?<!" + LN + ")(" + L + "{1,4})[ ](\\p{N}+(?:[-_./]" + LN + "+)*)(?!" + LN + ")");

  private static final int MAX = 64;

  private static final Pattern VERSION = Pattern.compile("[vV]\\d+(?:\\.\\d+)+");

  /** The canonical identifiers of a text, in order of appearance (at most 64). */
  public static Set<String> of(String text) {
    Set<String> ids = new LinkedHashSet<>();
    if (text == null || text.isEmpty()) {
      return ids;
    }
    Matcher m = TOKEN.matcher(text);
    while (m.find() && ids.size() < MAX) {
      String token = m.group();
      String trimmed = token.replaceAll("[-_./]+$", "");
      if (isIdentifier(trimmed)) {
        ids.add(canonical(trimmed));
        if (VERSION.matcher(trimmed).matches()) {
          ids.add(canonical(trimmed.substring(1))); // "v2.3.1" is also "2.3.1"
        }
      }
    }
    Matcher split = SPLIT.matcher(text);
    while (split.find() && ids.size() < MAX) {
      String joined = split.group(1) + split.group(2);
      if (isIdentifier(joined) && !isWord(split.group(1))) {
        ids.add(canonical(joined));
      }
    }
    return ids;
  }

  /** Words that precede numbers without being part of them ("page 12345", "in 2024"). */
  private static boolean isWord(String prefix) {
    return Set.of(
            "a", "an", "at", "by", "for", "from", "in", "is", "no", "of", "on", "or", "to", "the",
            "and", "page", "step", "item", "line", "call", "dial", "year", "my", "our", "we", "you",
            "it", "i", "be", "are", "was", "get", "got", "has", "had", "all", "any")
        .contains(prefix.toLowerCase(Locale.ROOT));
  }

  static boolean isIdentifier(String token) {
    boolean letters = false;
    boolean digits = false;
    int digitCount = 0;
    int groups = 1;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (Character.isDigit(c)) {
        digits = true;
        digitCount++;
      } else if (Character.isLetter(c)) {
        letters = true;
      } else {
        groups++;
      }
    }
    if (!digits) {
      return false;
    }
    if (letters) {
      return token.length() >= 2;
    }
    return groups >= 2 ? groups >= 3 || digitCount >= 4 : digitCount >= 5;
  }

  static String canonical(String token) {
    return token.replaceAll("[-_./ ]", "").toLowerCase(Locale.ROOT);
  }
}
