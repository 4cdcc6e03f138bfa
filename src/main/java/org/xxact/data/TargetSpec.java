package org.xxact.data;

import java.util.List;

/**
 * A prediction target of a dataset, with what the model needs to learn it: train-split statistics for a regression
 * target, the class names for a classification target.
 *
 * @param name target name as in the input ("formation_energy_per_atom", "crystal_system")
 * @param kind regression or classification
 * @param unit physical unit of a regression target ("eV/atom", "eV"), empty for classes
 * @param mean train-split mean (regression; 0 for classification)
 * @param std train-split standard deviation (regression; 1 for classification)
 * @param classNames class labels in index order (classification; empty for regression)
 */
public record TargetSpec(
    String name, TargetKind kind, String unit, double mean, double std, List<String> classNames) {
  public TargetSpec {
    classNames = List.copyOf(classNames);
    if (kind == TargetKind.CLASSIFICATION && classNames.size() < 2) {
      throw new IllegalArgumentException("classification target " + name + " needs at least two classes");
    }
    if (kind == TargetKind.REGRESSION && !(std > 0)) {
      throw new IllegalArgumentException("regression target " + name + " needs a positive std, got " + std);
    }
  }

  /** Number of classes (classification) or 1 (regression). */
  public int numClasses() {
    return kind == TargetKind.CLASSIFICATION ? classNames.size() : 1;
  }
}
