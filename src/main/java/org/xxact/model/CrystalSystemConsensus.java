package org.xxact.model;

import java.util.ArrayList;
import java.util.List;
import org.xxact.crystal.CrystalSystem;
import org.xxact.data.TargetDefinition;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * The crystal system as both classification heads see it. A space group belongs to exactly one crystal system
 * (International Tables for Crystallography, Vol. A, Table 2.1.1.1), so a space-group head also predicts the system:
 * the probability of a system is the sum of its space groups' probabilities. A model with both heads therefore has two
 * estimates of the crystal system, learned through different losses, and their average is a two-member ensemble inside
 * one network. The crystal-system probabilities a model reports are that average,
 * p(system) = (p_head(system) + sum of p(space group) over the system's space groups) / 2.
 *
 * <p>Measured on the mp_cgcnn36k validation split (docs/RESULTS.md, "Crystal system from both heads"), the average is
 * more accurate than the crystal-system head alone for every fused model, and level with it for the XRD-only model. The
 * space-group prediction is left as its head gives it: weighting space groups by the crystal-system head lowered
 * space-group accuracy in the same measurement.
 *
 * <p>The average applies only when the crystal-system target has the seven standard classes and every space-group
 * class is a number from 1 to 230; predictions of any other targets pass through unchanged.
 */
public final class CrystalSystemConsensus {
  /** Index of the crystal-system target, -1 when the average does not apply. */
  private final int system;
  /** Index of the space-group target. */
  private final int group;
  /** Crystal-system class index of each space-group class. */
  private final int[] systemOfGroup;

  private CrystalSystemConsensus(int system, int group, int[] systemOfGroup) {
    this.system = system;
    this.group = group;
    this.systemOfGroup = systemOfGroup;
  }

  /**
   * The consensus for a model predicting {@code targets}, worked out once: it averages when both targets are present
   * with standard classes, and passes predictions through otherwise.
   */
  public static CrystalSystemConsensus forTargets(List<TargetSpec> targets) {
    int system = indexOf(targets, TargetDefinition.CRYSTAL_SYSTEM_NAME);
    int group = indexOf(targets, TargetDefinition.SPACE_GROUP_NAME);
    int[] systemOfGroup = system < 0 || group < 0 ? null : systemOfGroupClass(targets.get(system), targets.get(group));
    return systemOfGroup == null
        ? new CrystalSystemConsensus(-1, -1, null)
        : new CrystalSystemConsensus(system, group, systemOfGroup);
  }

  /**
   * The predictions with the crystal system replaced by the average of both heads' estimates, when the model predicts
   * both; otherwise {@code predictions} itself.
   *
   * @param predictions one prediction per target (in the order given to {@link #forTargets}) of a batch of
   *     {@code batchSize} samples
   */
  public List<TargetPrediction> apply(List<TargetPrediction> predictions, int batchSize) {
    if (system < 0) {
      return predictions;
    }
    TargetSpec systemTarget = predictions.get(system).target();
    int systems = systemTarget.numClasses();
    int groups = systemOfGroup.length;
    float[] head = predictions.get(system).probabilities();
    float[] groupProbabilities = predictions.get(group).probabilities();
    float[] combined = new float[batchSize * systems];
    int[] predicted = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      double[] marginal = new double[systems];
      for (int g = 0; g < groups; g++) {
        marginal[systemOfGroup[g]] += groupProbabilities[i * groups + g];
      }
      for (int c = 0; c < systems; c++) {
        combined[i * systems + c] = (float) (0.5 * (head[i * systems + c] + marginal[c]));
      }
      predicted[i] = TargetPrediction.argmax(combined, i * systems, systems);
    }
    List<TargetPrediction> out = new ArrayList<>(predictions);
    out.set(system, new TargetPrediction(systemTarget, null, null, combined, predicted));
    return List.copyOf(out);
  }

  /**
   * For each space-group class, the index of its crystal system among the crystal-system classes; null when either
   * target is not a classification of the standard kind.
   */
  public static int[] systemOfGroupClass(TargetSpec systemTarget, TargetSpec groupTarget) {
    if (systemTarget.kind() != TargetKind.CLASSIFICATION || groupTarget.kind() != TargetKind.CLASSIFICATION) {
      return null;
    }
    if (!systemTarget.classNames().equals(TargetDefinition.CRYSTAL_SYSTEMS)) {
      return null;
    }
    List<String> groupNames = groupTarget.classNames();
    int[] out = new int[groupNames.size()];
    for (int g = 0; g < out.length; g++) {
      int number;
      try {
        number = Integer.parseInt(groupNames.get(g));
      } catch (NumberFormatException e) {
        return null;
      }
      if (number < 1 || number > CrystalSystem.SPACE_GROUPS) {
        return null;
      }
      out[g] = CrystalSystem.ofSpaceGroup(number).ordinal();
    }
    return out;
  }

  private static int indexOf(List<TargetSpec> targets, String name) {
    for (int t = 0; t < targets.size(); t++) {
      if (targets.get(t).name().equals(name)) {
        return t;
      }
    }
    return -1;
  }
}
