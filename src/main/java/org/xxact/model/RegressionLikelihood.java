package org.xxact.model;

/**
 * The noise model of a regression target's loss. Both read the head's second output as a log-variance s, so that a
 * prediction's uncertainty means the same whichever was trained.
 */
public enum RegressionLikelihood {
  /**
   * Gaussian: 0.5 * (s + e^2 exp(-s)) with e the error (Nix and Weigend 1994; Kendall and Gal 2017); without a variance
   * head, the squared error. Its optimum is the conditional mean.
   */
  GAUSSIAN,
  /**
   * Laplace with variance exp(s) (scale b = sqrt(exp(s) / 2)): 0.5 * s + sqrt(2) |e| exp(-s / 2); without a variance
   * head, the absolute error. Its optimum is the conditional median, the minimiser of the mean absolute error that
   * materials benchmarks report, and it weighs large errors less, as the robust L1 loss of CrabNet does (Wang et al.,
   * npj Comput. Mater. 7, 77 (2021)).
   */
  LAPLACE
}
