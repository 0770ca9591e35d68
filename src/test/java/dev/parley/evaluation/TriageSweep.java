package dev.parley.evaluation;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.parley.knowledge.control.Embeddings;
import dev.parley.triage.control.TopicClassifier;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What was tried for triage on CLINC150 (EVALUATION.md): embedding models (and both concatenated),
 * classifier settings, and Parley's decision rule — winning probability ≥ t and nearest example of
 * the winning topic ≥ s — with (t, s) chosen on validation by two criteria. Not part of the suite.
 */
class TriageSweep {

  @Test
  void sweep() throws Exception {
    Path data =
        Path.of(
            System.getProperty("parley.datasets", "../shared/datasets"),
            "clinc150",
            "data_full.json");
    JsonObject json;
    try (Reader r = Files.newBufferedReader(data)) {
      json = Json.createReader(r).readObject();
    }
    Map<String, Integer> intents = new LinkedHashMap<>();
    TriageEvaluation.Split train =
        TriageEvaluation.split(json.getJsonArray("train"), intents, true);
    TriageEvaluation.Split val = TriageEvaluation.split(json.getJsonArray("val"), intents, false);
    TriageEvaluation.Split test = TriageEvaluation.split(json.getJsonArray("test"), intents, false);
    List<String> oosVal = TriageEvaluation.texts(json.getJsonArray("oos_val"));
    List<String> oosTest = TriageEvaluation.texts(json.getJsonArray("oos_test"));
    StringBuilder out =
        new StringBuilder(
            "| features | training | rule chosen on val | t | s | test in-scope | test oos recall |\n|---|---|---|---|---|---|---|\n");
    String[] models =
        System.getProperty("parley.sweep.models", "all-minilm-l6-v2,bge-small-en-v1.5-q,concat")
            .split(",");
    for (String m : models) {
      float[][][] x = new float[5][][];
      List<List<String>> splits =
          List.of(train.texts(), val.texts(), oosVal, test.texts(), oosTest);
      String[] names = {"train", "val", "oos_val", "test", "oos_test"};
      for (int i = 0; i < 5; i++) {
        if (m.equals("concat")) {
          x[i] =
              concat(
                  load(Embeddings.MINILM, names[i], splits.get(i)),
                  load(Embeddings.BGE_SMALL_Q, names[i], splits.get(i)));
        } else {
          x[i] = load(m, names[i], splits.get(i));
        }
      }
      for (String setting :
          System.getProperty("parley.sweep.training", "60:0.01:0.0001").split(",")) {
        String[] p = setting.split(":");
        TopicClassifier.Training t =
            new TopicClassifier.Training(
                Integer.parseInt(p[0]),
                2000,
                Double.parseDouble(p[1]),
                Double.parseDouble(p[2]),
                64,
                42);
        TopicClassifier head = TopicClassifier.train(x[0], train.labels(), intents.size(), t);
        // precompute predictions and nearest similarities
        double[][] val0 = predictions(head, x[0], train.labels(), x[1]);
        double[][] oos0 = predictions(head, x[0], train.labels(), x[2]);
        double[][] test0 = predictions(head, x[0], train.labels(), x[3]);
        double[][] oosT = predictions(head, x[0], train.labels(), x[4]);
        for (String rule : new String[] {"max sum", "max in-scope with oos recall >= 60"}) {
          double bestScore = -1;
          double bt = 0;
          double bs = 0;
          for (double th = 0; th <= 0.951; th += 0.05) {
            for (double sim = 0; sim <= 0.901; sim += 0.05) {
              double[] v = rate(val0, val.labels(), oos0, th, sim);
              double score = rule.equals("max sum") ? v[0] + v[1] : (v[1] >= 60 ? v[0] : -1);
              if (score > bestScore) {
                bestScore = score;
                bt = th;
                bs = sim;
              }
            }
          }
          double[] r = rate(test0, test.labels(), oosT, bt, bs);
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %.2f | %.2f | %.1f | %.1f |%n",
                  m,
                  setting,
                  rule,
                  bt,
                  bs,
                  r[0],
                  r[1]));
          System.getLogger("sweep").log(System.Logger.Level.INFO, out.toString());
        }
        double[] none = rate(test0, test.labels(), oosT, 0, 0);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | no threshold | 0 | 0 | %.1f | %.1f |%n",
                m,
                setting,
                none[0],
                none[1]));
      }
    }
    Path file = Path.of("target", "evaluation", "triage-sweep.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out.toString());
    System.getLogger("sweep").log(System.Logger.Level.INFO, "\n" + out);
  }

  /** Per utterance: predicted topic, its probability, the nearest example's similarity in it. */
  static double[][] predictions(TopicClassifier head, float[][] train, int[] labels, float[][] x) {
    double[][] p = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      TopicClassifier.Prediction pr = head.predict(x[i]);
      double best = -1;
      for (int k = 0; k < train.length; k++) {
        if (labels[k] != pr.topic()) {
          continue;
        }
        double dot = 0;
        for (int j = 0; j < x[i].length; j++) {
          dot += train[k][j] * x[i][j];
        }
        best = Math.max(best, dot);
      }
      p[i] = new double[] {pr.topic(), pr.probability(), best};
    }
    return p;
  }

  static double[] rate(double[][] in, int[] y, double[][] oos, double t, double s) {
    int correct = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i][1] >= t && in[i][2] >= s && (int) in[i][0] == y[i]) {
        correct++;
      }
    }
    int rejected = 0;
    for (double[] o : oos) {
      if (o[1] < t || o[2] < s) {
        rejected++;
      }
    }
    return new double[] {100.0 * correct / in.length, 100.0 * rejected / oos.length};
  }

  private static float[][] load(String model, String split, List<String> texts) throws Exception {
    EmbeddingModel m = null;
    Path file =
        Path.of(
            "target", "evaluation", "cache", model + "-" + split + "-" + texts.hashCode() + ".bin");
    if (!Files.exists(file)) {
      m = Embeddings.create(model, Runnable::run);
    }
    return TriageEvaluation.cached(m, model, split, texts);
  }

  private static float[][] concat(float[][] a, float[][] b) {
    float[][] c = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      float[] v = new float[a[i].length + b[i].length];
      System.arraycopy(a[i], 0, v, 0, a[i].length);
      System.arraycopy(b[i], 0, v, a[i].length, b[i].length);
      c[i] = TopicClassifier.unit(v);
    }
    return c;
  }
}
