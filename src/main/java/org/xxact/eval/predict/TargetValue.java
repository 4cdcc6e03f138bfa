package org.xxact.eval.predict;

import java.util.List;
import org.xxact.data.TargetKind;

/**
 * The prediction of one target for one material, in physical units.
 *
 * @param target the target's name
 * @param kind regression or classification
 * @param unit the unit of a regression target ("eV/atom"), empty for classes
 * @param value the predicted value (regression); NaN for classes
 * @param std the predicted standard deviation (regression with a variance head); NaN otherwise
 * @param topClasses the most probable classes, most probable first (classification); empty for regression
 */
public record TargetValue(
    String target, TargetKind kind, String unit, double value, double std, List<ClassProbability> topClasses) {
  public TargetValue {
    topClasses = List.copyOf(topClasses);
  }

  /** The most probable class (classification only). */
  public String predictedClass() {
    if (topClasses.isEmpty()) {
      throw new IllegalStateException(target + " is not a classification target");
    }
    return topClasses.get(0).className();
  }

  /**
   * One class and its probability.
   *
   * @param className the class label
   * @param index the class index
   * @param probability the softmax probability
   */
  public record ClassProbability(String className, int index, double probability) {}
}
