package org.xxact.eval;

import java.util.List;

/**
 * Mean and sample standard deviation (n - 1 in the denominator) of one score over repeated runs.
 *
 * @param mean arithmetic mean; NaN when a run's score is NaN (a diverged run is not hidden)
 * @param std sample standard deviation; NaN for fewer than two runs
 * @param count number of runs
 */
public record MeanStd(double mean, double std, int count) {
  /** Mean and sample standard deviation of the values. */
  public static MeanStd of(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n < 2) {
      return new MeanStd(mean, Double.NaN, n);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new MeanStd(mean, Math.sqrt(squares / (n - 1)), n);
  }
}
