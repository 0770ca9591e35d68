package dev.parley.knowledge.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The searchable words of a text: lower case, letters and digits, without stop words; Chinese as
 * character bigrams ({@link dev.parley.platform.text.Languages#segmented}).
 */
final class TextTerms {

  static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for",
          "from", "has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on",
          "or", "so", "that", "the", "their", "there", "these", "this", "to", "was", "we", "what",
          "when", "where", "which", "who", "why", "will", "with", "you", "your", "am", "been",
          "did", "get", "got", "our", "should", "would", "could", "about", "any", "some", "they",
          "them", "than", "then", "into", "out", "up", "no", "not", "yes", "too", "very", "just",
          "also");

  private TextTerms() {}

  static List<String> of(String text) {
    return of(text, true);
  }

  /** The words, stemmed or (for a search engine that stems itself) as written. */
  static List<String> of(String text, boolean stem) {
    List<String> terms = new ArrayList<>();
    String words = dev.parley.platform.text.Languages.segmented(text).toLowerCase(Locale.ROOT);
    for (String word : words.split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
        terms.add(stem ? stem(word) : word);
      }
    }
    return terms;
  }

  /** A light English stemmer: plural and a few verb endings, enough to match "refunds"/"refund". */
  static String stem(String word) {
    if (word.length() > 4 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 5 && word.endsWith("ing")) {
      return word.substring(0, word.length() - 3);
    }
    if (word.length() > 4 && word.endsWith("ed")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
