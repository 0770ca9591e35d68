package dev.parley.platform.text;

import java.util.Locale;

/**
 * Which language a text is written in, as far as Parley needs to know: Chinese or not. A text is
 * Chinese when it has at least as many Chinese characters (Han script) as words in Latin letters: a
 * Chinese character carries about what a word does, so "重置密码 password" is Chinese and "How do I 重置
 * my password" is not. Japanese kana or Korean hangul never make a text Chinese.
 */
public final class Languages {

  /** The language tag of Chinese articles and messages. */
  public static final String CHINESE = "zh";

  private Languages() {}

  /** Whether a language tag names Chinese ({@code zh}, {@code zh-CN}, {@code zh-Hant}, …). */
  public static boolean isChineseTag(String tag) {
    if (tag == null) {
      return false;
    }
    String t = tag.strip().toLowerCase(Locale.ROOT);
    return t.equals(CHINESE) || t.startsWith("zh-") || t.startsWith("zh_");
  }

  /** Whether a text is written in Chinese (see the class comment). */
  public static boolean isChinese(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    int han = 0;
    int kanaOrHangul = 0;
    int latinWords = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      Character.UnicodeScript script = Character.UnicodeScript.of(c);
      boolean latin = script == Character.UnicodeScript.LATIN;
      if (latin && !inWord) {
        latinWords++;
      }
      inWord = latin;
      if (script == Character.UnicodeScript.HAN) {
        han++;
      } else if (script == Character.UnicodeScript.HIRAGANA
          || script == Character.UnicodeScript.KATAKANA
          || script == Character.UnicodeScript.HANGUL) {
        kanaOrHangul++;
      }
    }
    return han > 0 && han >= latinWords && kanaOrHangul == 0;
  }

  /** Whether a code point is a Chinese character (CJK ideograph). */
  public static boolean isHan(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
  }

  /**
   * Text prepared for a word-based search engine: each run of Chinese characters becomes its
   * overlapping character bigrams ("重置密码" → "重置 置密 密码"; a lone character stays itself), the rest
   * stays as written. Chinese is written without spaces, so bigrams are what full-text search can
   * match on, as Lucene's CJK analyzer does.
   */
  public static String segmented(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() * 2);
    int[] run = new int[text.length()];
    int length = 0;
    for (int i = 0; i <= text.length(); ) {
      int c = i < text.length() ? text.codePointAt(i) : -1;
      if (c >= 0 && isHan(c)) {
        run[length++] = c;
      } else {
        if (length > 0) {
          out.append(' ');
          if (length == 1) {
            out.appendCodePoint(run[0]);
          }
          for (int j = 0; j + 1 < length; j++) {
            out.appendCodePoint(run[j]).appendCodePoint(run[j + 1]);
            if (j + 2 < length) {
              out.append(' ');
            }
          }
          out.append(' ');
          length = 0;
        }
        if (c >= 0) {
          out.appendCodePoint(c);
        }
      }
      i += c >= 0 ? Character.charCount(c) : 1;
    }
    return out.toString();
  }
}
