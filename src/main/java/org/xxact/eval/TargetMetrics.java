package org.xxact.eval;

import java.util.Map;

/** The scores of one prediction target on one evaluation set: {@link RegressionMetrics} or {@link ClassificationMetrics}. */
public sealed interface TargetMetrics permits RegressionMetrics, ClassificationMetrics {
  /** Number of labelled samples scored. */
  int n();

  /** Every score by its JSON name ("mae", "accuracy", ..., and "n"), in JSON order, for tables and seed aggregation. */
  Map<String, Double> values();
}
