package org.xxact.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores of a classification target: accuracy and macro-F1 (see {@link ConfusionMatrix}), and for a two-class target
 * scored from model outputs the area under the ROC curve; plus the ranking scores that need the outputs rather than the
 * predicted class (top-k accuracy, ROC-AUC).
 *
 * <p>ROC-AUC is computed from ranks, as the Mann-Whitney U statistic divided by the number of (positive, negative) pairs
 * (Hanley and McNeil, Radiology 143, 29, 1982): the probability that a random positive scores above a random negative,
 * with tied scores given their mean rank so that a tie counts one half. This equals the trapezoidal area under the ROC
 * curve and scikit-learn's {@code roc_auc_score}.
 *
 * @param accuracy fraction of labelled samples predicted correctly
 * @param macroF1 mean per-class F1 (see {@link ConfusionMatrix#macroF1()})
 * @param n number of labelled samples
 * @param rocAuc ROC-AUC of a two-class target scored from outputs, else null (and absent from the JSON)
 */
@JsonPropertyOrder({"accuracy", "macro_f1", "n", "roc_auc"})
public record ClassificationMetrics(
    @JsonProperty("accuracy") double accuracy,
    @JsonProperty("macro_f1") double macroF1,
    @JsonProperty("n") int n,
    @JsonProperty("roc_auc") @JsonInclude(JsonInclude.Include.NON_NULL) Double rocAuc)
    implements TargetMetrics {

  @JsonCreator
  public ClassificationMetrics {}

  /** Scores of a confusion matrix (no ROC-AUC: it needs the outputs). */
  public static ClassificationMetrics of(ConfusionMatrix matrix) {
    if (matrix.total() == 0) {
      throw new IllegalArgumentException("no labelled sample to score");
    }
    return new ClassificationMetrics(matrix.accuracy(), matrix.macroF1(), matrix.total(), null);
  }

  /** Scores predicted classes against labels; see {@link ConfusionMatrix#of} for the arguments. */
  public static ClassificationMetrics of(int[] predicted, int[] actual, int numClasses, boolean[] labelled) {
    return of(ConfusionMatrix.of(predicted, actual, numClasses, labelled));
  }

  /**
   * Scores model outputs: the predicted class is the highest score; a two-class target also gets its ROC-AUC, ranked by
   * score[1] - score[0] (which orders samples the same way whether the scores are logits or probabilities).
   *
   * @param scores [sample][class] logits or probabilities; the row length is the number of classes
   * @param actual true class per sample
   * @param labelled true where the label is known, or null when all are
   */
  public static ClassificationMetrics ofScores(double[][] scores, int[] actual, boolean[] labelled) {
    int numClasses = numClasses(scores);
    ClassificationMetrics base = of(argmax(scores), actual, numClasses, labelled);
    if (numClasses != 2) {
      return base;
    }
    double[] margin = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      margin[i] = scores[i][1] - scores[i][0];
    }
    return new ClassificationMetrics(base.accuracy, base.macroF1, base.n, rocAuc(margin, actual, labelled));
  }

  /** The confusion matrix of model outputs (predicted class = highest score). */
  public static ConfusionMatrix confusion(double[][] scores, int[] actual, boolean[] labelled) {
    return ConfusionMatrix.of(argmax(scores), actual, numClasses(scores), labelled);
  }

  /** The index of the highest score of each row; the lowest index among equal highest scores. */
  public static int[] argmax(double[][] scores) {
    int[] out = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      double[] row = scores[i];
      int best = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * Fraction of labelled samples whose true class is among the k highest scores. A class tied with the true class does
   * not push it out: the sample counts when fewer than k classes score strictly higher than the true class.
   */
  public static double topKAccuracy(double[][] scores, int[] actual, boolean[] labelled, int k) {
    Masks.checkLengths(scores.length, actual.length, labelled);
    int numClasses = numClasses(scores);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    int n = 0;
    int hits = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Masks.isLabelled(labelled, i)) {
        continue;
      }
      if (actual[i] < 0 || actual[i] >= numClasses) {
        throw new IllegalArgumentException("label " + i + " is class " + actual[i] + " of " + numClasses);
      }
      double own = scores[i][actual[i]];
      int higher = 0;
      for (double s : scores[i]) {
        if (s > own) {
          higher++;
        }
      }
      n++;
      if (higher < k) {
        hits++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("no labelled sample to score");
    }
    return hits / (double) n;
  }

  /**
   * Rank-based ROC-AUC (see the class comment).
   *
   * @param score per sample, higher meaning more likely positive
   * @param actual 1 for a positive, 0 for a negative sample
   * @param labelled true where the label is known, or null when all are
   * @return the AUC, NaN when the labelled samples are all of one class
   */
  public static double rocAuc(double[] score, int[] actual, boolean[] labelled) {
    Masks.checkLengths(score.length, actual.length, labelled);
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (Masks.isLabelled(labelled, i)) {
        if (actual[i] != 0 && actual[i] != 1) {
          throw new IllegalArgumentException("label " + i + " is " + actual[i] + ", not 0 or 1");
        }
        n++;
      }
    }
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0, j = 0; i < actual.length; i++) {
      if (Masks.isLabelled(labelled, i)) {
        s[j] = score[i];
        y[j++] = actual[i];
      }
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && s[order[end + 1]] == s[order[start]]) {
        end++;
      }
      double midRank = 0.5 * (start + end) + 1.0;
      for (int r = start; r <= end; r++) {
        if (y[order[r]] == 1) {
          positiveRankSum += midRank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  private static int numClasses(double[][] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no scores");
    }
    int c = scores[0].length;
    for (double[] row : scores) {
      if (row.length != c) {
        throw new IllegalArgumentException("score rows of lengths " + c + " and " + row.length);
      }
    }
    return c;
  }

  @Override
  public Map<String, Double> values() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("accuracy", accuracy);
    out.put("macro_f1", macroF1);
    out.put("n", (double) n);
    if (rocAuc != null) {
      out.put("roc_auc", rocAuc);
    }
    return out;
  }
}
