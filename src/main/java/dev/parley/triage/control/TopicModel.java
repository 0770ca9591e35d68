package dev.parley.triage.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A trained topic set: the {@link TopicClassifier} head, the examples it learned from (for the "how
 * close is the nearest example" floor) and the out-of-scope rule fitted to this set.
 *
 * <p>{@link #fit} holds out a slice of each topic's examples, trains the head on the rest (stopping
 * when the slice stops improving), measures on the slice how well each topic is recognized and
 * which topics it is confused with, and chooses the thresholds that keep the target share of those
 * unseen in-scope messages in scope. With few held-out messages the fitted values are pulled
 * towards the configured prior (a 97% quantile needs about 34 messages to mean anything), and they
 * always stay within safe bounds. The final head is then trained on every example for as many
 * passes as the held-out slice chose.
 */
public final class TopicModel {

  /** Why a message is, or is not, in scope. */
  public enum Reason {
    /** Confident and close to the topic's examples. */
    IN_SCOPE,
    /** The winning topic's probability is below the rule's minimum. */
    LOW_PROBABILITY,
    /** The message is far from every example of the winning topic. */
    FAR_FROM_EXAMPLES
  }

  /** The out-of-scope rule: a topic only if its probability and its similarity reach these. */
  public record Rule(double minProbability, double minSimilarity) {}

  /** A topic (its index) with its probability and the similarity of its nearest example. */
  public record Candidate(int topic, double probability, double similarity) {}

  /** The top topics, best first, and the decision on the best. */
  public record Verdict(List<Candidate> top, boolean outOfScope, Reason reason) {
    public Candidate best() {
      return top.get(0);
    }
  }

  /** How a topic fared on its held-out examples. */
  public record TopicFigures(
      int examples, int heldOut, int correct, int keptInScope, int confusedWith, int confusions) {}

  /** What fitting found: the rule, its inputs, and the held-out figures. */
  public record Fit(
      Rule rule,
      Rule measured,
      Rule prior,
      double target,
      int heldOut,
      int correct,
      int keptInScope,
      int epochs,
      List<TopicFigures> topics,
      long trainMillis,
      double wordWeight) {
    public double accuracy() {
      return heldOut == 0 ? Double.NaN : (double) correct / heldOut;
    }
  }

  /** Which similarity the out-of-scope floor compares: to the nearest example or the centroid. */
  public enum Floor {
    NEAREST,
    CENTROID
  }

  /**
   * How a message is scored. The head's probabilities, or blended with a nearest-example classifier
   * ({@code knnWeight} of a softmax, at {@code temperature}, over each topic's nearest-example
   * similarity); the floor against the nearest example or the topic's centroid. Parley's default is
   * the head alone and the nearest example (EVALUATION.md, "Triage, round 2": the others were
   * measured and did not win on validation).
   */
  public record Scoring(double knnWeight, double temperature, Floor floor) {
    public static final Scoring DEFAULT = new Scoring(0, 0.05, Floor.NEAREST);
  }

  /** Fitting settings. */
  public record Options(
      double target,
      double heldOutShare,
      Rule prior,
      Rule lowest,
      Rule highest,
      TopicClassifier.Training training,
      Scoring scoring,
      double wordWeight) {

    public Options(
        double target,
        double heldOutShare,
        Rule prior,
        Rule lowest,
        Rule highest,
        TopicClassifier.Training training) {
      this(target, heldOutShare, prior, lowest, highest, training, Scoring.DEFAULT, 0);
    }

    /** The same options, scored another way (the evaluation's variants). */
    public Options withScoring(Scoring scoring) {
      return new Options(
          target, heldOutShare, prior, lowest, highest, training, scoring, wordWeight);
    }

    /**
     * The same options, the head also reading the messages' words at {@code weight} (the length of
     * their {@link Wording} features beside the unit embedding; 0: embeddings alone).
     */
    public Options withWords(double weight) {
      return new Options(target, heldOutShare, prior, lowest, highest, training, scoring, weight);
    }

    /** Messages a quantile of {@code 1 - target} needs before it outweighs the prior. */
    int priorWeight() {
      return (int) Math.ceil(1 / Math.max(1e-3, 1 - target));
    }
  }

  /** Training's progress: the phase and how far it is. */
  public interface Progress {
    void at(String phase, int done, int total);
  }

  private static final int MAGIC = 0x50544d31; // "PTM1"

  private final TopicClassifier head;
  private final int topics; // real topics; the head may have one more ("none of these")
  private final float[][] examples; // [dimension][example]
  private final int[] labels;
  private final Rule rule;
  private final Scoring scoring;
  private final float[][] centroids; // [topic][dimension], unit length; null unless the floor
  private final Wording wording; // null: the head reads embeddings alone
  private final double wordWeight;

  private TopicModel(
      TopicClassifier head,
      int topics,
      float[][] examples,
      int[] labels,
      Rule rule,
      Scoring scoring,
      Wording wording,
      double wordWeight) {
    this.head = head;
    this.wording = wording;
    this.wordWeight = wordWeight;
    this.topics = topics;
    this.examples = examples;
    this.labels = labels;
    this.rule = rule;
    this.scoring = scoring;
    this.centroids = scoring.floor() == Floor.CENTROID ? centroids(examples, labels, topics) : null;
  }

  private static float[][] centroids(float[][] examples, int[] labels, int topics) {
    int d = examples.length;
    float[][] c = new float[topics][d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < labels.length; i++) {
        c[labels[i]][j] += examples[j][i];
      }
    }
    for (float[] v : c) {
      double norm = 0;
      for (float f : v) {
        norm += f * f;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < d && norm > 0; j++) {
        v[j] /= (float) norm;
      }
    }
    return c;
  }

  public Scoring scoring() {
    return scoring;
  }

  public Rule rule() {
    return rule;
  }

  public int topics() {
    return topics;
  }

  public int examples() {
    return labels.length;
  }

  /** A model of a head trained elsewhere (to compare rules on the same head). */
  public static TopicModel of(TopicClassifier head, float[][] x, int[] y, int topics, Rule rule) {
    return of(head, x, y, topics, rule, Scoring.DEFAULT);
  }

  /** A model of a head trained elsewhere, scored another way (the evaluation's variants). */
  public static TopicModel of(
      TopicClassifier head, float[][] x, int[] y, int topics, Rule rule, Scoring scoring) {
    return new TopicModel(head, topics, byDimension(x), y.clone(), rule, scoring, null, 0);
  }

  /** A trained model and what fitting it found. */
  public record Trained(TopicModel model, Fit fit) {}

  /** The vector of example {@code i} (as given to {@link #fit}). */
  public float[] example(int i) {
    float[] v = new float[examples.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = examples[j][i];
    }
    return v;
  }

  /** Trains a model of {@code topics} topics on unit vectors {@code x} labelled {@code y}. */
  public static Trained fit(float[][] x, int[] y, int topics, Options o, Progress progress) {
    return fit(x, null, y, topics, o, progress);
  }

  /** Whether the head reads the messages' words as well as their embeddings. */
  public boolean readsWords() {
    return wording != null;
  }

  /**
   * Trains a model of {@code topics} topics on unit vectors {@code x} of the examples {@code texts}
   * labelled {@code y}; the head reads the texts' words too when the options give them a weight.
   */
  public static Trained fit(
      float[][] x, List<String> texts, int[] y, int topics, Options o, Progress progress) {
    boolean words = texts != null && o.wordWeight() > 0;
    long begin = System.nanoTime();
    int[] count = new int[topics];
    for (int label : y) {
      count[label]++;
    }
    // a stratified held-out slice: a share of each topic that has at least three examples
    Random random = new Random(o.training().seed());
    boolean[] held = new boolean[y.length];
    List<List<Integer>> byTopic = new ArrayList<>();
    for (int c = 0; c < topics; c++) {
      byTopic.add(new ArrayList<>());
    }
    for (int i = 0; i < y.length; i++) {
      byTopic.get(y[i]).add(i);
    }
    int heldOut = 0;
    for (List<Integer> indices : byTopic) {
      java.util.Collections.shuffle(indices, random);
      int take =
          indices.size() < 3 ? 0 : Math.max(1, (int) Math.floor(indices.size() * o.heldOutShare()));
      for (int k = 0; k < take; k++) {
        held[indices.get(k)] = true;
        heldOut++;
      }
    }
    float[][] xTrain = new float[y.length - heldOut][];
    int[] yTrain = new int[y.length - heldOut];
    float[][] xHeld = new float[heldOut][];
    int[] yHeld = new int[heldOut];
    List<String> textsTrain = new ArrayList<>();
    List<String> textsHeld = new ArrayList<>();
    for (int i = 0, a = 0, h = 0; i < y.length; i++) {
      if (held[i]) {
        xHeld[h] = x[i];
        yHeld[h++] = y[i];
        if (words) {
          textsHeld.add(texts.get(i));
        }
      } else {
        xTrain[a] = x[i];
        yTrain[a++] = y[i];
        if (words) {
          textsTrain.add(texts.get(i));
        }
      }
    }
    TopicClassifier.Training t = o.training();
    int maxEpochs = epochsFor(t, xTrain.length);
    int finalEpochs;
    List<TopicFigures> figures = new ArrayList<>();
    Rule measured = null;
    int correct = 0;
    int kept = 0;
    Rule chosen = o.prior();
    if (heldOut > 0) {
      // the held-out slice's words are weighed by the training part's vocabulary only
      Wording seen = words ? Wording.fit(textsTrain, maxTerms(topics)) : null;
      Wording.Features[] heldWords = features(seen, textsHeld, o.wordWeight());
      TopicClassifier first =
          TopicClassifier.train(
              padded(xTrain, topics),
              padded(features(seen, textsTrain, o.wordWeight()), topics),
              seen == null ? 0 : seen.size(),
              paddedLabels(yTrain, topics),
              headSize(topics),
              t,
              new TopicClassifier.HeldOut(xHeld, heldWords, yHeld),
              e -> progress.at("training", e, maxEpochs + epochsFor(t, y.length)));
      finalEpochs = first.epochs();
      TopicModel probe =
          new TopicModel(
              first,
              topics,
              byDimension(xTrain),
              yTrain,
              o.prior(),
              o.scoring(),
              seen,
              o.wordWeight());
      double[] probability = new double[heldOut];
      double[] similarity = new double[heldOut];
      int[] predicted = new int[heldOut];
      for (int i = 0; i < heldOut; i++) {
        Candidate best =
            probe.candidates(xHeld[i], heldWords == null ? null : heldWords[i], 1).get(0);
        predicted[i] = best.topic();
        probability[i] = best.probability();
        similarity[i] = best.similarity();
        if (best.topic() == yHeld[i]) {
          correct++;
        }
      }
      measured = quantiles(probability, similarity, 1 - o.target());
      int weight = o.priorWeight();
      double share = (double) heldOut / (heldOut + weight);
      chosen =
          new Rule(
              clamp(
                  share * measured.minProbability() + (1 - share) * o.prior().minProbability(),
                  o.lowest().minProbability(),
                  o.highest().minProbability()),
              clamp(
                  share * measured.minSimilarity() + (1 - share) * o.prior().minSimilarity(),
                  o.lowest().minSimilarity(),
                  o.highest().minSimilarity()));
      int[][] confusion = new int[topics][topics];
      int[] keptByTopic = new int[topics];
      for (int i = 0; i < heldOut; i++) {
        confusion[yHeld[i]][predicted[i]]++;
        if (probability[i] >= chosen.minProbability() && similarity[i] >= chosen.minSimilarity()) {
          kept++;
          keptByTopic[yHeld[i]]++;
        }
      }
      for (int c = 0; c < topics; c++) {
        int worst = -1;
        for (int other = 0; other < topics; other++) {
          if (other != c
              && confusion[c][other] > 0
              && (worst < 0 || confusion[c][other] > confusion[c][worst])) {
            worst = other;
          }
        }
        int heldHere = Arrays.stream(confusion[c]).sum();
        figures.add(
            new TopicFigures(
                count[c],
                heldHere,
                confusion[c][c],
                keptByTopic[c],
                worst,
                worst < 0 ? 0 : confusion[c][worst]));
      }
    } else {
      finalEpochs = maxEpochs;
      for (int c = 0; c < topics; c++) {
        figures.add(new TopicFigures(count[c], 0, 0, 0, -1, 0));
      }
    }
    int done = heldOut > 0 ? finalEpochs : 0;
    Wording all = words ? Wording.fit(texts, maxTerms(topics)) : null;
    TopicClassifier head =
        TopicClassifier.train(
            padded(x, topics),
            padded(features(all, texts, o.wordWeight()), topics),
            all == null ? 0 : all.size(),
            paddedLabels(y, topics),
            headSize(topics),
            t.epochs(finalEpochs).withoutMinSteps(heldOut > 0),
            null,
            e -> progress.at("training", done + e, done + finalEpochs));
    TopicModel model =
        new TopicModel(
            head, topics, byDimension(x), y.clone(), chosen, o.scoring(), all, o.wordWeight());
    return new Trained(
        model,
        new Fit(
            chosen,
            measured,
            o.prior(),
            o.target(),
            heldOut,
            correct,
            kept,
            head.epochs(),
            List.copyOf(figures),
            (System.nanoTime() - begin) / 1_000_000,
            words ? o.wordWeight() : 0));
  }

  private static int epochsFor(TopicClassifier.Training t, int n) {
    int batches = (n + t.batch() - 1) / t.batch();
    return Math.max(t.epochs(), (t.minSteps() + batches - 1) / batches);
  }

  /** One topic alone: a second class of nothing lets the probability still say "none of these". */
  private static int headSize(int topics) {
    return topics == 1 ? 2 : topics;
  }

  private static float[][] padded(float[][] x, int topics) {
    if (topics != 1) {
      return x;
    }
    float[][] p = Arrays.copyOf(x, x.length + 1);
    p[x.length] = new float[x[0].length];
    return p;
  }

  /**
   * The most terms the head weighs: at most 8 million weights (32 MB stored, and three times that
   * while training) however many topics, and 50,000 terms (CLINC150's 15,000 examples use 45,000).
   */
  static int maxTerms(int topics) {
    return Math.min(50_000, 8_000_000 / Math.max(1, topics));
  }

  private static Wording.Features[] padded(Wording.Features[] words, int topics) {
    if (words == null || topics != 1) {
      return words;
    }
    Wording.Features[] p = Arrays.copyOf(words, words.length + 1);
    p[words.length] = Wording.Features.NONE;
    return p;
  }

  private static Wording.Features[] features(Wording wording, List<String> texts, double weight) {
    if (wording == null) {
      return null;
    }
    return texts.stream().map(t -> wording.features(t, weight)).toArray(Wording.Features[]::new);
  }

  private static int[] paddedLabels(int[] y, int topics) {
    if (topics != 1) {
      return y;
    }
    int[] p = Arrays.copyOf(y, y.length + 1);
    p[y.length] = 1;
    return p;
  }

  /**
   * The thresholds at which a share {@code reject} of the held-out messages falls out of scope: a
   * third of it spent on the probability, the rest on the similarity of the nearest example.
   */
  static Rule quantiles(double[] probability, double[] similarity, double reject) {
    int n = probability.length;
    double[] sortedP = probability.clone();
    Arrays.sort(sortedP);
    double minP = sortedP[Math.min(n - 1, (int) Math.floor(n * reject / 3))];
    List<Double> passing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (probability[i] >= minP) {
        passing.add(similarity[i]);
      }
    }
    passing.sort(Comparator.naturalOrder());
    int rejectedByP = n - passing.size();
    int more = Math.max(0, (int) Math.floor(n * reject) - rejectedByP);
    double minS = passing.isEmpty() ? 0 : passing.get(Math.min(passing.size() - 1, more));
    return new Rule(minP, minS);
  }

  private static double clamp(double v, double low, double high) {
    return Math.max(low, Math.min(high, v));
  }

  private static float[][] byDimension(float[][] x) {
    int d = x[0].length;
    float[][] t = new float[d][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < d; j++) {
        t[j][i] = x[i][j];
      }
    }
    return t;
  }

  /** Classifies a unit vector under a rule (the fitted one, or an admin's). */
  public Verdict classify(float[] unit, Rule under) {
    return classify(unit, null, under);
  }

  /**
   * Classifies a message, its unit vector and its text (the head reads its words when it learned
   * from the examples' words), under a rule (the fitted one, or an admin's).
   */
  public Verdict classify(float[] unit, String text, Rule under) {
    Wording.Features words =
        wording == null || text == null ? null : wording.features(text, wordWeight);
    List<Candidate> top = candidates(unit, words, 3);
    Candidate best = top.get(0);
    Reason reason =
        best.probability() < under.minProbability()
            ? Reason.LOW_PROBABILITY
            : best.similarity() < under.minSimilarity()
                ? Reason.FAR_FROM_EXAMPLES
                : Reason.IN_SCOPE;
    return new Verdict(top, reason != Reason.IN_SCOPE, reason);
  }

  /** The {@code k} most probable topics, with the similarity of each one's nearest example. */
  List<Candidate> candidates(float[] unit, Wording.Features words, int k) {
    float[] p = head.probabilities(unit, words);
    float[] nearest = nearestByTopic(unit);
    if (scoring.knnWeight() > 0) {
      float[] knn = softmax(nearest, scoring.temperature());
      float w = (float) scoring.knnWeight();
      for (int c = 0; c < topics; c++) {
        p[c] = (1 - w) * p[c] + w * knn[c];
      }
    }
    float[] floor = centroids == null ? nearest : centroidSimilarities(unit);
    Integer[] order = new Integer[topics];
    for (int c = 0; c < topics; c++) {
      order[c] = c;
    }
    Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
    List<Candidate> top = new ArrayList<>();
    for (int i = 0; i < Math.min(k, topics); i++) {
      int c = order[i];
      top.add(new Candidate(c, p[c], floor[c]));
    }
    return top;
  }

  private float[] centroidSimilarities(float[] unit) {
    float[] s = new float[topics];
    for (int c = 0; c < topics; c++) {
      float dot = 0;
      for (int j = 0; j < unit.length; j++) {
        dot += unit[j] * centroids[c][j];
      }
      s[c] = dot;
    }
    return s;
  }

  /** Probabilities from similarities (a topic without examples, -1, gets almost none). */
  private float[] softmax(float[] similarities, double temperature) {
    float[] p = new float[topics];
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < topics; c++) {
      max = Math.max(max, similarities[c]);
    }
    double sum = 0;
    for (int c = 0; c < topics; c++) {
      p[c] = (float) Math.exp((similarities[c] - max) / temperature);
      sum += p[c];
    }
    for (int c = 0; c < topics; c++) {
      p[c] /= (float) sum;
    }
    return p;
  }

  private float[] nearestByTopic(float[] unit) {
    int n = labels.length;
    float[] sims = new float[n];
    for (int j = 0; j < unit.length; j++) {
      float q = unit[j];
      float[] e = examples[j];
      for (int i = 0; i < n; i++) {
        sims[i] += q * e[i];
      }
    }
    float[] best = new float[topics];
    Arrays.fill(best, -1f);
    for (int i = 0; i < n; i++) {
      if (sims[i] > best[labels[i]]) {
        best[labels[i]] = sims[i];
      }
    }
    return best;
  }

  /** The model as bytes, to share it with the other nodes through the database. */
  public byte[] bytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(MAGIC);
      out.writeInt(topics);
      out.writeDouble(rule.minProbability());
      out.writeDouble(rule.minSimilarity());
      head.write(out);
      out.writeInt(examples.length);
      out.writeInt(labels.length);
      for (int label : labels) {
        out.writeInt(label);
      }
      for (float[] row : examples) {
        for (float f : row) {
          out.writeFloat(f);
        }
      }
      // since the scoring variants (a model stored before them has none: the default)
      out.writeDouble(scoring.knnWeight());
      out.writeDouble(scoring.temperature());
      out.writeByte(scoring.floor().ordinal());
      // since the words (a model stored before them reads embeddings alone)
      out.writeBoolean(wording != null);
      if (wording != null) {
        out.writeDouble(wordWeight);
        wording.write(out);
        head.writeWords(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** A model from {@link #bytes()}. */
  public static TopicModel of(byte[] bytes) {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(new ByteArrayInputStream(bytes)))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a topic model");
      }
      int topics = in.readInt();
      Rule rule = new Rule(in.readDouble(), in.readDouble());
      TopicClassifier head = TopicClassifier.read(in);
      int d = in.readInt();
      int n = in.readInt();
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = in.readInt();
      }
      float[][] examples = new float[d][n];
      for (float[] row : examples) {
        for (int i = 0; i < n; i++) {
          row[i] = in.readFloat();
        }
      }
      Scoring scoring = Scoring.DEFAULT;
      if (in.available() > 0) {
        scoring = new Scoring(in.readDouble(), in.readDouble(), Floor.values()[in.readByte()]);
      }
      Wording wording = null;
      double wordWeight = 0;
      if (in.available() > 0 && in.readBoolean()) {
        wordWeight = in.readDouble();
        wording = Wording.read(in);
        head = head.withWords(in);
      }
      return new TopicModel(head, topics, examples, labels, rule, scoring, wording, wordWeight);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
