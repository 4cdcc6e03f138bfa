package org.xxact.eval;

/** The convention of every metric here: a {@code boolean[]} marks the samples whose label is known; null means all. */
final class Masks {
  private Masks() {}

  static boolean isLabelled(boolean[] labelled, int i) {
    return labelled == null || labelled[i];
  }

  static void checkLengths(int predicted, int actual, boolean[] labelled) {
    if (predicted != actual) {
      throw new IllegalArgumentException(predicted + " predictions for " + actual + " labels");
    }
    if (labelled != null && labelled.length != actual) {
      throw new IllegalArgumentException(labelled.length + " mask entries for " + actual + " labels");
    }
  }
}
