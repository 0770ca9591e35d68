package dev.parley.triage.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words a topic set's examples use, as features beside their embeddings: word unigrams and
 * bigrams and character 3- and 4-grams (which catch spellings, inflections and codes the embedding
 * model blurs), weighted by TF-IDF and scaled to unit length. Chinese, Japanese and Korean
 * characters count as words of their own, so their bigrams are the character bigrams Chinese text
 * is usually searched by.
 *
 * <p>The vocabulary is fitted on the examples: a feature seen in fewer than two examples is left
 * out (nothing could weigh it against anything), and a very large set keeps its most used terms
 * only. A message's words outside the vocabulary are ignored. Measured on CLINC150 in
 * EVALUATION.md, "Triage, round 3".
 */
public final class Wording {

  /** A message's features: vocabulary indices and their weights (unit length, then scaled). */
  public record Features(int[] index, float[] value) {
    public static final Features NONE = new Features(new int[0], new float[0]);
  }

  static final int MIN_EXAMPLES = 2;

  private final Map<String, Integer> vocabulary;
  private final float[] idf;

  private Wording(Map<String, Integer> vocabulary, float[] idf) {
    this.vocabulary = vocabulary;
    this.idf = idf;
  }

  /** The vocabulary's size (the features' dimension). */
  public int size() {
    return idf.length;
  }

  /**
   * Fits the vocabulary and its inverse document frequencies on {@code texts}, keeping at most
   * {@code maxTerms} terms: the ones the most examples use.
   */
  public static Wording fit(List<String> texts, int maxTerms) {
    Map<String, Integer> df = new HashMap<>();
    for (String text : texts) {
      for (String f : new HashSet<>(terms(text))) {
        df.merge(f, 1, Integer::sum);
      }
    }
    List<String> kept = new ArrayList<>();
    for (var e : df.entrySet()) {
      if (e.getValue() >= MIN_EXAMPLES) {
        kept.add(e.getKey());
      }
    }
    if (kept.size() > maxTerms) {
      kept.sort(
          java.util.Comparator.comparing((String f) -> -df.get(f))
              .thenComparing(java.util.Comparator.naturalOrder()));
      kept = new ArrayList<>(kept.subList(0, maxTerms));
    }
    kept.sort(null); // the same vocabulary on every node and run
    Map<String, Integer> vocabulary = new HashMap<>();
    float[] idf = new float[kept.size()];
    int n = texts.size();
    for (int i = 0; i < kept.size(); i++) {
      vocabulary.put(kept.get(i), i);
      idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(kept.get(i)))) + 1);
    }
    return new Wording(vocabulary, idf);
  }

  /** The features of {@code text}, scaled to length {@code weight}. */
  public Features features(String text, double weight) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (String term : terms(text)) {
      Integer i = vocabulary.get(term);
      if (i != null) {
        counts.merge(i, 1, Integer::sum);
      }
    }
    int[] index = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    float[] value = new float[index.length];
    double norm = 0;
    for (int k = 0; k < index.length; k++) {
      value[k] = (float) ((1 + Math.log(counts.get(index[k]))) * idf[index[k]]);
      norm += value[k] * value[k];
    }
    norm = Math.sqrt(norm);
    for (int k = 0; k < value.length && norm > 0; k++) {
      value[k] = (float) (value[k] / norm * weight);
    }
    return new Features(index, value);
  }

  /** The terms of a text: its words, word bigrams and character 3- and 4-grams. */
  static List<String> terms(String text) {
    List<String> words = words(text);
    List<String> terms = new ArrayList<>();
    for (String w : words) {
      terms.add("w:" + w);
    }
    for (int i = 0; i + 1 < words.size(); i++) {
      terms.add("b:" + words.get(i) + ' ' + words.get(i + 1));
    }
    String joined = ' ' + String.join(" ", words) + ' ';
    int[] cp = joined.codePoints().toArray();
    for (int n = 3; n <= 4; n++) {
      for (int i = 0; i + n <= cp.length; i++) {
        terms.add("c:" + new String(cp, i, n));
      }
    }
    return terms;
  }

  /** Lower-case runs of letters and digits; each CJK character is a word of its own. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    text.toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(
            c -> {
              if (ideographic(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
              } else if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
              } else {
                flush(word, words);
              }
            });
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private static final Set<Character.UnicodeScript> CJK =
      Set.of(
          Character.UnicodeScript.HAN,
          Character.UnicodeScript.HIRAGANA,
          Character.UnicodeScript.KATAKANA,
          Character.UnicodeScript.HANGUL);

  private static boolean ideographic(int c) {
    return Character.isLetter(c) && CJK.contains(Character.UnicodeScript.of(c));
  }

  void write(DataOutputStream out) throws IOException {
    String[] terms = new String[idf.length];
    vocabulary.forEach((term, i) -> terms[i] = term);
    out.writeInt(terms.length);
    for (int i = 0; i < terms.length; i++) {
      out.writeUTF(terms[i]);
      out.writeFloat(idf[i]);
    }
  }

  static Wording read(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, Integer> vocabulary = new HashMap<>(n * 2);
    float[] idf = new float[n];
    for (int i = 0; i < n; i++) {
      vocabulary.put(in.readUTF(), i);
      idf[i] = in.readFloat();
    }
    return new Wording(vocabulary, idf);
  }
}
