package org.xxact.eval;

import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs, with the scores that follow from them.
 *
 * <p>Macro-F1 is the unweighted mean of the per-class F1 = 2 TP / (2 TP + FP + FN) over the classes that occur among the
 * labels or the predictions, the convention of scikit-learn's {@code f1_score(average="macro")} without an explicit label
 * list: a class that is predicted but never the label counts with F1 = 0, a class that is neither is left out (its F1 is
 * 0/0, and counting it would penalise a model for the test set's composition).
 */
public final class ConfusionMatrix {
  private final int[][] counts;
  private final int total;

  private ConfusionMatrix(int[][] counts) {
    this.counts = counts;
    int sum = 0;
    for (int[] row : counts) {
      for (int c : row) {
        sum += c;
      }
    }
    this.total = sum;
  }

  /**
   * Counts the labelled samples.
   *
   * @param predicted predicted class index per sample
   * @param actual true class index per sample (ignored where {@code labelled} is false)
   * @param numClasses number of classes; indices run 0..numClasses-1
   * @param labelled true where the label is known, or null when all are
   * @throws IllegalArgumentException for a class index outside the range or arrays of different lengths
   */
  public static ConfusionMatrix of(int[] predicted, int[] actual, int numClasses, boolean[] labelled) {
    Masks.checkLengths(predicted.length, actual.length, labelled);
    if (numClasses < 1) {
      throw new IllegalArgumentException("need at least one class, got " + numClasses);
    }
    int[][] counts = new int[numClasses][numClasses];
    for (int i = 0; i < actual.length; i++) {
      if (Masks.isLabelled(labelled, i)) {
        checkClass(actual[i], numClasses, "label", i);
        checkClass(predicted[i], numClasses, "prediction", i);
        counts[actual[i]][predicted[i]]++;
      }
    }
    return new ConfusionMatrix(counts);
  }

  private static void checkClass(int c, int numClasses, String what, int i) {
    if (c < 0 || c >= numClasses) {
      throw new IllegalArgumentException(what + " " + i + " is class " + c + ", outside 0.." + (numClasses - 1));
    }
  }

  public int numClasses() {
    return counts.length;
  }

  /** Number of samples of class {@code actual} predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** Number of samples counted. */
  public int total() {
    return total;
  }

  /** A copy of the counts, indexed [actual][predicted]. */
  public int[][] counts() {
    int[][] copy = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * Each row divided by its sum: entry [a][p] is the fraction of class a predicted as p (the diagonal is each class's
   * recall). A class with no samples has a row of zeros.
   */
  public double[][] rowNormalised() {
    double[][] out = new double[counts.length][counts.length];
    for (int a = 0; a < counts.length; a++) {
      int rowSum = Arrays.stream(counts[a]).sum();
      for (int p = 0; p < counts.length && rowSum > 0; p++) {
        out[a][p] = counts[a][p] / (double) rowSum;
      }
    }
    return out;
  }

  /** Fraction of samples on the diagonal; NaN when none was counted. */
  public double accuracy() {
    if (total == 0) {
      return Double.NaN;
    }
    int correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    return correct / (double) total;
  }

  /** F1 of one class, 2 TP / (2 TP + FP + FN); NaN when the class is neither a label nor a prediction. */
  public double f1(int c) {
    int tp = counts[c][c];
    int fp = 0;
    int fn = 0;
    for (int o = 0; o < counts.length; o++) {
      if (o != c) {
        fp += counts[o][c];
        fn += counts[c][o];
      }
    }
    int denominator = 2 * tp + fp + fn;
    return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
  }

  /** Mean F1 over the classes that occur as labels or predictions (see the class comment); NaN when none does. */
  public double macroF1() {
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < counts.length; c++) {
      double f = f1(c);
      if (!Double.isNaN(f)) {
        sum += f;
        classes++;
      }
    }
    return classes == 0 ? Double.NaN : sum / classes;
  }
}
