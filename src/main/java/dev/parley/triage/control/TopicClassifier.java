package dev.parley.triage.control;

import java.util.Random;

/**
 * A linear head over sentence embeddings: multinomial logistic regression trained in-process from
 * the topics' example utterances (mini-batch gradient descent with Adam and L2), with an
 * out-of-scope threshold on the winning probability. Immutable once trained; predicting is a
 * matrix-vector product (150 topics × 384 dimensions: well under a millisecond).
 */
public final class TopicClassifier {

  /** The winning topic (its index) and its probability. */
  public record Prediction(int topic, double probability) {}

  /** Training settings; the defaults were chosen on CLINC150's validation split (EVALUATION.md). */
  /**
   * Training settings: at least {@code epochs} passes and at least {@code minSteps} updates (a help
   * desk's few dozen examples need many passes to become confident).
   */
  public record Training(
      int epochs, int minSteps, double learningRate, double l2, int batch, long seed) {
    public static Training defaults() {
      return new Training(100, 2000, 0.02, 1e-5, 64, 42);
    }
  }

  private final float[][] weights; // [topic][dimension]
  private final float[] bias;
  private final int dimensions;

  private TopicClassifier(float[][] weights, float[] bias) {
    this.weights = weights;
    this.bias = bias;
    this.dimensions = weights.length == 0 ? 0 : weights[0].length;
  }

  public int topics() {
    return weights.length;
  }

  /** Trains on unit-normalized embeddings {@code x} labelled {@code y} (0..topics-1). */
  public static TopicClassifier train(float[][] x, int[] y, int topics, Training t) {
    int n = x.length;
    int d = x[0].length;
    float[][] w = new float[topics][d];
    float[] b = new float[topics];
    float[][] mw = new float[topics][d];
    float[][] vw = new float[topics][d];
    float[] mb = new float[topics];
    float[] vb = new float[topics];
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    int step = 0;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(t.seed());
    float[][] gw = new float[topics][d];
    float[] gb = new float[topics];
    double[] p = new double[topics];
    int batchesPerEpoch = (n + t.batch() - 1) / t.batch();
    int epochs = Math.max(t.epochs(), (t.minSteps() + batchesPerEpoch - 1) / batchesPerEpoch);
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
          java.util.Arrays.fill(row, 0f);
        }
        java.util.Arrays.fill(gb, 0f);
        for (int k = start; k < end; k++) {
          float[] xi = x[order[k]];
          softmax(w, b, xi, p);
          int label = y[order[k]];
          for (int c = 0; c < topics; c++) {
            float g = (float) (p[c] - (c == label ? 1 : 0));
            if (g == 0) {
              continue;
            }
            float[] gwc = gw[c];
            for (int j = 0; j < d; j++) {
              gwc[j] += g * xi[j];
            }
            gb[c] += g;
          }
        }
        int size = end - start;
        step++;
        double lr =
            t.learningRate() * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        for (int c = 0; c < topics; c++) {
          float[] wc = w[c];
          float[] gwc = gw[c];
          float[] mwc = mw[c];
          float[] vwc = vw[c];
          for (int j = 0; j < d; j++) {
            double g = gwc[j] / size + t.l2() * wc[j];
            mwc[j] = (float) (beta1 * mwc[j] + (1 - beta1) * g);
            vwc[j] = (float) (beta2 * vwc[j] + (1 - beta2) * g * g);
            wc[j] -= (float) (lr * mwc[j] / (Math.sqrt(vwc[j]) + eps));
          }
          double g = gb[c] / size;
          mb[c] = (float) (beta1 * mb[c] + (1 - beta1) * g);
          vb[c] = (float) (beta2 * vb[c] + (1 - beta2) * g * g);
          b[c] -= (float) (lr * mb[c] / (Math.sqrt(vb[c]) + eps));
        }
      }
    }
    return new TopicClassifier(w, b);
  }

  public Prediction predict(float[] x) {
    double[] p = new double[weights.length];
    softmax(weights, bias, x, p);
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return new Prediction(best, p[best]);
  }

  private static void softmax(float[][] w, float[] b, float[] x, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      float[] wc = w[c];
      double z = b[c];
      for (int j = 0; j < x.length; j++) {
        z += wc[j] * x[j];
      }
      out[c] = z;
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int c = 0; c < w.length; c++) {
      out[c] = Math.exp(out[c] - max);
      sum += out[c];
    }
    for (int c = 0; c < w.length; c++) {
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
    return dimensions;
  }
}
