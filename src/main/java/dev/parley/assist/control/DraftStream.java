package dev.parley.assist.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Reply suggestions as a language model streams them: the pieces of one JSON document ({@code
 * {"suggestions":[{"text":"…","citations":["S1"]}]}}) arrive a few characters at a time, and the
 * agent sees each draft's text grow as it is written. This reads the texts out of the document so
 * far — a string cut off mid-way counts up to where it is, an escape cut off mid-way waits for the
 * rest — and hands out what each draft gained since it last asked, at most every {@code
 * intervalMillis} (so a fast model sends a few envelopes, not one per token). What is streamed is a
 * preview: only the whole document, checked by the guardrails ({@link Grounding}), becomes
 * suggestions an agent can insert.
 */
final class DraftStream {

  /** What draft {@code index} gained: {@code text} goes at character {@code at} of it. */
  record Delta(int index, int at, String text) {}

  private final StringBuilder received = new StringBuilder();
  private final List<Integer> sent = new ArrayList<>();
  private final long intervalNanos;
  private long lastEmitted;

  DraftStream(long intervalMillis) {
    this.intervalNanos = intervalMillis * 1_000_000;
    this.lastEmitted = System.nanoTime() - intervalNanos;
  }

  /**
   * Adds a streamed piece; returns the drafts' growth when the interval has passed, else none. A
   * null piece starts the document again (the model is asked again): the next deltas are at 0.
   */
  synchronized List<Delta> add(String piece) {
    if (piece == null) {
      received.setLength(0);
      sent.clear();
      return List.of();
    }
    received.append(piece);
    long now = System.nanoTime();
    if (now - lastEmitted < intervalNanos) {
      return List.of();
    }
    List<Delta> deltas = deltas();
    if (!deltas.isEmpty()) {
      lastEmitted = now;
    }
    return deltas;
  }

  /** What the drafts gained since last asked, whatever the interval (the stream ended). */
  synchronized List<Delta> flush() {
    return deltas();
  }

  private List<Delta> deltas() {
    List<String> texts = texts(received);
    List<Delta> deltas = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      int end = text.length();
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--; // half a character: wait for the other half
      }
      if (i == sent.size()) {
        sent.add(0);
      }
      if (end > sent.get(i)) {
        deltas.add(new Delta(i, sent.get(i), text.substring(sent.get(i), end)));
        sent.set(i, end);
      }
    }
    return deltas;
  }

  /** The values of the {@code "text"} keys of a JSON document, the last one possibly cut off. */
  static List<String> texts(CharSequence json) {
    List<String> texts = new ArrayList<>();
    int n = json.length();
    boolean textValueNext = false;
    int i = 0;
    while (i < n) {
      char c = json.charAt(i);
      if (c != '"') {
        if (c == ':' || Character.isWhitespace(c)) {
          i++;
          continue;
        }
        textValueNext = false; // a value that is not a string
        i++;
        continue;
      }
      StringBuilder s = new StringBuilder();
      boolean closed = false;
      boolean cut = false;
      i++;
      while (i < n) {
        char ch = json.charAt(i);
        if (ch == '"') {
          closed = true;
          i++;
          break;
        }
        if (ch != '\\') {
          s.append(ch);
          i++;
          continue;
        }
        if (i + 1 >= n) {
          cut = true;
          break;
        }
        char e = json.charAt(i + 1);
        if (e == 'u') {
          if (i + 6 > n) {
            cut = true;
            break;
          }
          try {
            s.append((char) Integer.parseInt(json.subSequence(i + 2, i + 6).toString(), 16));
          } catch (NumberFormatException bad) {
            s.append('\uFFFD');
          }
          i += 6;
          continue;
        }
        s.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case 'b' -> '\b';
              case 'f' -> '\f';
              default -> e; // \" \\ \/
            });
        i += 2;
      }
      if (textValueNext) {
        texts.add(s.toString());
        textValueNext = false;
        if (!closed || cut) {
          return texts; // the document ends inside this draft
        }
        continue;
      }
      if (!closed) {
        return texts;
      }
      int j = i;
      while (j < n && Character.isWhitespace(json.charAt(j))) {
        j++;
      }
      if (j < n && json.charAt(j) == ':') {
        textValueNext = s.toString().equals("text");
        i = j + 1;
      }
    }
    return texts;
  }
}
