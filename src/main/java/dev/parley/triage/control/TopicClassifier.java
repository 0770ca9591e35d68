package dev.parley.triage.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * A linear head over sentence embeddings: multinomial logistic regression trained in-process from
 * the topics' example utterances (mini-batch gradient descent with Adam and L2), optionally
 * class-balanced and stopped early on a held-out slice. Immutable once trained; predicting is a
 * matrix-vector product (150 topics × 384 dimensions: well under a millisecond).
 *
 * <p>Weights are kept dimension-major ({@code [dimension][topic]}) so that the forward and backward
 * passes are loops over topics the JIT turns into vector instructions: 10,000 examples of 150
 * topics train in seconds, not a minute.
 */
public final class TopicClassifier {

  /** The winning topic (its index) and its probability. */
  public record Prediction(int topic, double probability) {}

  /**
   * Training settings: at most {@code epochs} passes and at least {@code minSteps} updates (a help
   * desk's few dozen examples need many passes to become confident); with a held-out slice,
   * training stops once its log-loss has not improved for {@code patience} passes (at least 200
   * updates) and keeps the best weights. {@code balanced} weighs each topic's examples so that
   * every topic counts the same however many examples it has. The defaults were chosen on
   * CLINC150's validation split (EVALUATION.md; patience 2 since round 3: the same figures as 5,
   * for a third less training time once the head reads words).
   */
  public record Training(
      int epochs,
      int minSteps,
      double learningRate,
      double l2,
      int batch,
      long seed,
      boolean balanced,
      int patience) {
    public static Training defaults() {
      return new Training(100, 2000, 0.02, 1e-5, 64, 42, true, 2);
    }

    public Training epochs(int epochs) {
      return new Training(epochs, minSteps, learningRate, l2, batch, seed, balanced, patience);
    }

    /** Exactly the given passes: no minimum of updates (when a held-out slice chose them). */
    public Training withoutMinSteps(boolean exact) {
      return exact ? new Training(epochs, 0, learningRate, l2, batch, seed, balanced, 0) : this;
    }
  }

  /** Examples kept aside to stop training when the head stops generalizing. */
  public record HeldOut(float[][] x, Wording.Features[] words, int[] y) {}

  private final float[][] weights; // [dimension][topic]
  private final float[] bias;
  private final int epochs;
  private final float[][] wordWeights; // [vocabulary term][topic]; empty without wording

  private TopicClassifier(float[][] weights, float[] bias, int epochs, float[][] wordWeights) {
    this.weights = weights;
    this.bias = bias;
    this.epochs = epochs;
    this.wordWeights = wordWeights;
  }

  public int topics() {
    return bias.length;
  }

  /** The passes over the examples that training ran (the best ones when stopped early). */
  public int epochs() {
    return epochs;
  }

  /** Trains on unit-normalized embeddings {@code x} labelled {@code y} (0..topics-1). */
  public static TopicClassifier train(float[][] x, int[] y, int topics, Training t) {
    return train(x, null, 0, y, topics, t, null, e -> {});
  }

  /**
   * Trains, stopping early on {@code heldOut} when given, and reports each finished pass to {@code
   * progress}.
   */
  public static TopicClassifier train(
      float[][] x, int[] y, int topics, Training t, HeldOut heldOut, IntConsumer progress) {
    return train(x, null, 0, y, topics, t, heldOut, progress);
  }

  /**
   * Trains on the embeddings {@code x} and, when given, the messages' {@link Wording} features
   * {@code words} over a vocabulary of {@code terms}. Only the rows of the terms a batch uses are
   * updated (lazy Adam): a pass costs the examples' terms, not the vocabulary.
   */
  public static TopicClassifier train(
      float[][] x,
      Wording.Features[] words,
      int terms,
      int[] y,
      int topics,
      Training t,
      HeldOut heldOut,
      IntConsumer progress) {
    int n = x.length;
    int d = x[0].length;
    int v = words == null ? 0 : terms;
    float[][] u = new float[v][topics];
    float[][] mu = new float[v][topics];
    float[][] vu = new float[v][topics];
    // the gradient rows of the terms a batch uses: slot[term] in pool, -1 when unused
    int[] slot = new int[v];
    Arrays.fill(slot, -1);
    int[] touched = new int[Math.max(1, v)];
    List<float[]> pool = new ArrayList<>();
    float[][] w = new float[d][topics];
    float[] b = new float[topics];
    float[][] mw = new float[d][topics];
    float[][] vw = new float[d][topics];
    float[] mb = new float[topics];
    float[] vb = new float[topics];
    float[][] gw = new float[d][topics];
    float[] gb = new float[topics];
    float[] p = new float[topics];
    float[] classWeight = classWeights(y, topics, t.balanced());
    final float beta1 = 0.9f;
    final float beta2 = 0.999f;
    final float eps = 1e-8f;
    final float l2 = (float) t.l2();
    int step = 0;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(t.seed());
    int batchesPerEpoch = (n + t.batch() - 1) / t.batch();
    int epochs = Math.max(t.epochs(), (t.minSteps() + batchesPerEpoch - 1) / batchesPerEpoch);
    int patience = Math.max(t.patience(), (200 + batchesPerEpoch - 1) / batchesPerEpoch);
    boolean stopEarly = heldOut != null && heldOut.y().length > 0 && t.patience() > 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestRight = -1;
    float[][] bestW = null;
    float[] bestB = null;
    float[][] bestU = null;
    int bestEpoch = epochs;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (int start = 0; start < n; start += t.batch()) {
        int end = Math.min(n, start + t.batch());
        for (float[] row : gw) {
          Arrays.fill(row, 0f);
        }
        Arrays.fill(gb, 0f);
        int used = 0;
        float weightSum = 0;
        for (int k = start; k < end; k++) {
          float[] xi = x[order[k]];
          Wording.Features fi = words == null ? null : words[order[k]];
          int label = y[order[k]];
          float cw = classWeight[label];
          weightSum += cw;
          softmax(w, b, xi, u, fi, p);
          p[label] -= 1;
          for (int c = 0; c < topics; c++) {
            p[c] *= cw;
          }
          for (int j = 0; j < d; j++) {
            float xj = xi[j];
            float[] g = gw[j];
            for (int c = 0; c < topics; c++) {
              g[c] += xj * p[c];
            }
          }
          for (int c = 0; c < topics; c++) {
            gb[c] += p[c];
          }
          if (fi != null) {
            for (int q = 0; q < fi.index().length; q++) {
              int term = fi.index()[q];
              if (slot[term] < 0) {
                if (used == pool.size()) {
                  pool.add(new float[topics]);
                }
                slot[term] = used;
                touched[used++] = term;
              }
              float value = fi.value()[q];
              float[] g = pool.get(slot[term]);
              for (int c = 0; c < topics; c++) {
                g[c] += value * p[c];
              }
            }
          }
        }
        step++;
        float lr =
            (float)
                (t.learningRate()
                    * Math.sqrt(1 - Math.pow(beta2, step))
                    / (1 - Math.pow(beta1, step)));
        float scale = 1f / weightSum;
        for (int j = 0; j < d; j++) {
          adam(w[j], gw[j], mw[j], vw[j], scale, l2, lr, beta1, beta2, eps);
        }
        adam(b, gb, mb, vb, scale, 0f, lr, beta1, beta2, eps);
        for (int q = 0; q < used; q++) {
          int term = touched[q];
          float[] g = pool.get(q);
          adam(u[term], g, mu[term], vu[term], scale, l2, lr, beta1, beta2, eps);
          Arrays.fill(g, 0f);
          slot[term] = -1;
        }
      }
      progress.accept(epoch + 1);
      if (stopEarly) {
        double[] score = score(w, b, u, heldOut, p);
        int right = (int) score[0];
        double loss = score[1];
        if (right > bestRight || (right == bestRight && loss < bestLoss - 1e-6)) {
          bestRight = right;
          bestLoss = loss;
          bestEpoch = epoch + 1;
          bestW = copy(w);
          bestB = b.clone();
          bestU = copy(u);
        } else if (epoch + 1 - bestEpoch >= patience) {
          break;
        }
      }
    }
    if (stopEarly && bestW != null) {
      return new TopicClassifier(bestW, bestB, bestEpoch, bestU);
    }
    return new TopicClassifier(w, b, epochs, u);
  }

  private static void adam(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float scale,
      float l2,
      float lr,
      float beta1,
      float beta2,
      float eps) {
    for (int c = 0; c < w.length; c++) {
      float gc = g[c] * scale + l2 * w[c];
      m[c] = beta1 * m[c] + (1 - beta1) * gc;
      v[c] = beta2 * v[c] + (1 - beta2) * gc * gc;
      w[c] -= lr * m[c] / ((float) Math.sqrt(v[c]) + eps);
    }
  }

  private static float[] classWeights(int[] y, int topics, boolean balanced) {
    float[] weight = new float[topics];
    Arrays.fill(weight, 1f);
    if (!balanced) {
      return weight;
    }
    int[] count = new int[topics];
    for (int label : y) {
      count[label]++;
    }
    int present = 0;
    for (int c : count) {
      present += c > 0 ? 1 : 0;
    }
    for (int c = 0; c < topics; c++) {
      weight[c] = count[c] == 0 ? 1f : (float) y.length / (present * count[c]);
    }
    return weight;
  }

  /** The held-out examples classified right, and their mean log-loss. */
  private static double[] score(float[][] w, float[] b, float[][] u, HeldOut heldOut, float[] p) {
    double loss = 0;
    int right = 0;
    for (int i = 0; i < heldOut.y().length; i++) {
      softmax(w, b, heldOut.x()[i], u, heldOut.words() == null ? null : heldOut.words()[i], p);
      int label = heldOut.y()[i];
      loss -= Math.log(Math.max(1e-12, p[label]));
      boolean best = true;
      for (int c = 0; c < p.length; c++) {
        if (c != label && p[c] >= p[label]) {
          best = false;
          break;
        }
      }
      right += best ? 1 : 0;
    }
    return new double[] {right, loss / heldOut.y().length};
  }

  private static float[][] copy(float[][] w) {
    float[][] c = new float[w.length][];
    for (int i = 0; i < w.length; i++) {
      c[i] = w[i].clone();
    }
    return c;
  }

  /** The winning topic and its probability. */
  public Prediction predict(float[] x) {
    float[] p = probabilities(x, null);
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return new Prediction(best, p[best]);
  }

  /** The probability of every topic, from a message's embedding and (when given) its words. */
  public float[] probabilities(float[] x, Wording.Features words) {
    float[] p = new float[bias.length];
    softmax(weights, bias, x, wordWeights, words, p);
    return p;
  }

  private static void softmax(
      float[][] w, float[] b, float[] x, float[][] u, Wording.Features words, float[] out) {
    int topics = b.length;
    System.arraycopy(b, 0, out, 0, topics);
    for (int j = 0; j < x.length; j++) {
      float xj = x[j];
      float[] wj = w[j];
      for (int c = 0; c < topics; c++) {
        out[c] += xj * wj[c];
      }
    }
    if (words != null && u.length > 0) {
      for (int q = 0; q < words.index().length; q++) {
        float value = words.value()[q];
        float[] uq = u[words.index()[q]];
        for (int c = 0; c < topics; c++) {
          out[c] += value * uq[c];
        }
      }
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < topics; c++) {
      max = Math.max(max, out[c]);
    }
    float sum = 0;
    for (int c = 0; c < topics; c++) {
      out[c] = (float) Math.exp(out[c] - max);
      sum += out[c];
    }
    for (int c = 0; c < topics; c++) {
      out[c] /= sum;
    }
  }

  /** Scales a vector to unit length (embeddings are compared by direction). */
  public static float[] unit(float[] v) {
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    norm = Math.sqrt(norm);
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (norm == 0 ? 0 : v[i] / norm);
    }
    return u;
  }

  int dimensions() {
    return weights.length;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(weights.length);
    out.writeInt(bias.length);
    out.writeInt(epochs);
    for (float[] row : weights) {
      for (float f : row) {
        out.writeFloat(f);
      }
    }
    for (float f : bias) {
      out.writeFloat(f);
    }
  }

  /** The words' weights, written after the rest of a model (a model stored before has none). */
  void writeWords(DataOutputStream out) throws IOException {
    out.writeInt(wordWeights.length);
    for (float[] row : wordWeights) {
      for (float f : row) {
        out.writeFloat(f);
      }
    }
  }

  TopicClassifier withWords(DataInputStream in) throws IOException {
    int v = in.readInt();
    float[][] u = new float[v][bias.length];
    for (float[] row : u) {
      for (int c = 0; c < row.length; c++) {
        row[c] = in.readFloat();
      }
    }
    return new TopicClassifier(weights, bias, epochs, u);
  }

  static TopicClassifier read(DataInputStream in) throws IOException {
    int d = in.readInt();
    int topics = in.readInt();
    int epochs = in.readInt();
    float[][] w = new float[d][topics];
    for (float[] row : w) {
      for (int c = 0; c < topics; c++) {
        row[c] = in.readFloat();
      }
    }
    float[] b = new float[topics];
    for (int c = 0; c < topics; c++) {
      b[c] = in.readFloat();
    }
    return new TopicClassifier(w, b, epochs, new float[0][]);
  }
}
