package org.xxact.eval.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * The prediction of one target for one material, in physical units.
 *
 * @param target the target's name
 * @param kind regression or classification
 * @param unit the unit of a regression target ("eV/atom"), empty for classes
 * @param value the predicted value (regression); NaN for classes
 * @param std the predicted standard deviation (regression with a variance head); NaN otherwise
 * @param classes every class with its probability, most probable first (classification); empty for regression
 */
public record TargetValue(
    String target, TargetKind kind, String unit, double value, double std, List<ClassProbability> classes) {
  /** How many of the most probable classes are reported. */
  public static final int TOP_CLASSES = 3;

  public TargetValue {
    classes = List.copyOf(classes);
  }

  /**
   * The prediction of a classification target from its class probabilities.
   *
   * @param probability the probability of class index k
   */
  public static TargetValue ofClasses(TargetSpec target, IntToDoubleFunction probability) {
    int c = target.numClasses();
    List<ClassProbability> all = new ArrayList<>(c);
    for (int k = 0; k < c; k++) {
      all.add(new ClassProbability(target.classNames().get(k), k, probability.applyAsDouble(k)));
    }
    all.sort(Comparator.comparingDouble(ClassProbability::probability).reversed());
    return new TargetValue(target.name(), target.kind(), target.unit(), Double.NaN, Double.NaN, all);
  }

  /** The {@value #TOP_CLASSES} most probable classes, most probable first (classification); empty for regression. */
  public List<ClassProbability> topClasses() {
    return classes.subList(0, Math.min(TOP_CLASSES, classes.size()));
  }

  /** The most probable class (classification only). */
  public String predictedClass() {
    if (classes.isEmpty()) {
      throw new IllegalStateException(target + " is not a classification target");
    }
    return classes.get(0).className();
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
