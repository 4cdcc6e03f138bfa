package org.xxact.data;

/** How a prediction target is learned and scored. */
public enum TargetKind {
  /** A real number, normalised with train-split mean and standard deviation; scored by MAE, RMSE, R2. */
  REGRESSION,
  /** A class index 0..numClasses-1; scored by accuracy and macro-F1 (and ROC-AUC when binary). */
  CLASSIFICATION
}
