package dev.parley.platform.json;

/**
 * Rules for text that enters Parley from outside: what no store can keep, and how much of an input
 * an error message may echo back.
 */
public final class Texts {

  /** At most this many characters of a caller's input are quoted back in an error. */
  public static final int ECHO_LIMIT = 80;

  private Texts() {}

  /**
   * Why a text cannot be stored, or null when it can: NUL characters (PostgreSQL refuses them) and
   * unpaired UTF-16 surrogates (not encodable as UTF-8).
   */
  public static String unstorable(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "must not contain NUL characters";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must be valid Unicode (an unpaired surrogate was found)";
      }
      if (Character.isLowSurrogate(c)) {
        return "must be valid Unicode (an unpaired surrogate was found)";
      }
    }
    return null;
  }

  /** A caller's input as an error may quote it: one line, at most {@link #ECHO_LIMIT} chars. */
  public static String echo(String input) {
    if (input == null) {
      return "null";
    }
    String line = input.replaceAll("[\\p{Cntrl}\\s]+", " ");
    return line.length() > ECHO_LIMIT ? line.substring(0, ECHO_LIMIT) + "..." : line;
  }

  /** Cuts a message to {@code max} characters on one line. */
  public static String clip(String message, int max) {
    if (message == null) {
      return null;
    }
    String line = message.replaceAll("[\\p{Cntrl}&&[^\\n]]+", " ");
    return line.length() > max ? line.substring(0, max) + "..." : line;
  }
}
