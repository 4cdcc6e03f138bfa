package org.xxact.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/**
 * Several independently trained models that predict the same targets from the same inputs, combined as a deep
 * ensemble (Lakshminarayanan, Pritzel and Blundell, NeurIPS 2017): class probabilities are averaged, and each
 * regression target is the uniform mixture of the members' predictive distributions. Its mean is the members' mean
 * mu = (1/M) sum mu_m, and its variance (1/M) sum (sigma_m^2 + mu_m^2) - mu^2, the members' own variance plus the
 * spread of their means. The spread is the model uncertainty that one network's variance head cannot see, so an
 * ensemble's standard deviation is the more honest one; a member without a variance head counts with sigma_m = 0.
 * Averaging models whose errors are partly independent also lowers the error itself, most for the classes, where
 * single models are least certain.
 *
 * <p>Members must read the same inputs (modality, XRD grid) and predict the same targets with the same classes; their
 * normalisation statistics may differ, as predictions are combined in physical units.
 */
public final class EnsembleModel implements PropertyModel {
  private final List<PropertyModel> members;

  private EnsembleModel(List<PropertyModel> members) {
    this.members = List.copyOf(members);
  }

  /**
   * An ensemble that owns {@code members} and closes them with itself.
   *
   * @throws IllegalArgumentException when fewer than two members are given or they are incompatible (see
   *     {@link #checkCompatible})
   */
  public static EnsembleModel of(List<? extends PropertyModel> members) {
    checkCompatible(
        members.stream().map(PropertyModel::config).toList(), members.stream().map(PropertyModel::targets).toList());
    return new EnsembleModel(new ArrayList<>(members));
  }

  /**
   * Checks that models with these configurations and targets can form an ensemble: at least two, the same modality,
   * the same XRD grid (2-theta range and points), the same target names and kinds in the same order, and the same
   * classes in the same order for every classification target.
   *
   * @throws IllegalArgumentException naming the first member (1-based) that differs from the first, and how
   */
  public static void checkCompatible(List<ModelConfig> configs, List<List<TargetSpec>> targets) {
    if (configs.size() < 2) {
      throw new IllegalArgumentException("an ensemble needs at least two members, got " + configs.size());
    }
    ModelConfig first = configs.get(0);
    List<String> firstTargets = describe(targets.get(0));
    for (int m = 1; m < configs.size(); m++) {
      ModelConfig c = configs.get(m);
      String member = "member " + (m + 1) + " ";
      if (c.modality() != first.modality()) {
        throw new IllegalArgumentException(
            member + "has modality " + c.modality() + ", member 1 " + first.modality());
      }
      if (c.gridPoints() != first.gridPoints()
          || c.twoThetaMinDeg() != first.twoThetaMinDeg()
          || c.twoThetaMaxDeg() != first.twoThetaMaxDeg()) {
        throw new IllegalArgumentException(
            member + "reads " + c.gridPoints() + " points over 2-theta " + c.twoThetaMinDeg() + "-"
                + c.twoThetaMaxDeg() + " deg, member 1 " + first.gridPoints() + " points over "
                + first.twoThetaMinDeg() + "-" + first.twoThetaMaxDeg() + " deg");
      }
      List<String> these = describe(targets.get(m));
      if (!these.equals(firstTargets)) {
        throw new IllegalArgumentException(member + "predicts " + these + ", member 1 " + firstTargets);
      }
    }
  }

  /** Name, kind and classes of each target: what must agree between members. */
  private static List<String> describe(List<TargetSpec> targets) {
    return targets.stream()
        .map(t -> t.name() + " (" + t.kind().name().toLowerCase(Locale.ROOT)
            + (t.kind() == TargetKind.CLASSIFICATION ? " " + t.classNames() : "") + ")")
        .toList();
  }

  /** Number of members. */
  public int size() {
    return members.size();
  }

  @Override
  public ModelConfig config() {
    return members.get(0).config();
  }

  @Override
  public List<TargetSpec> targets() {
    return members.get(0).targets();
  }

  @Override
  public List<TargetPrediction> predict(Batch batch) {
    List<List<TargetPrediction>> perMember = new ArrayList<>(members.size());
    for (PropertyModel m : members) {
      perMember.add(m.predict(batch));
    }
    List<TargetPrediction> out = new ArrayList<>(targets().size());
    for (int t = 0; t < targets().size(); t++) {
      List<TargetPrediction> ofTarget = new ArrayList<>(members.size());
      for (List<TargetPrediction> p : perMember) {
        ofTarget.add(p.get(t));
      }
      out.add(combine(ofTarget, batch.size()));
    }
    return out;
  }

  /**
   * The ensemble prediction of one target from the members' predictions of it (see the class comment).
   *
   * @param perMember one prediction per member, all of the same target
   * @param batchSize samples in each prediction
   */
  public static TargetPrediction combine(List<TargetPrediction> perMember, int batchSize) {
    TargetSpec target = perMember.get(0).target();
    for (TargetPrediction p : perMember) {
      if (!Objects.equals(p.target().name(), target.name())) {
        throw new IllegalArgumentException("members predict " + p.target().name() + " and " + target.name());
      }
    }
    int members = perMember.size();
    if (target.kind() == TargetKind.CLASSIFICATION) {
      int c = target.numClasses();
      float[] probabilities = new float[batchSize * c];
      for (int k = 0; k < probabilities.length; k++) {
        double sum = 0;
        for (TargetPrediction p : perMember) {
          sum += p.probabilities()[k];
        }
        probabilities[k] = (float) (sum / members);
      }
      int[] predicted = new int[batchSize];
      for (int i = 0; i < batchSize; i++) {
        predicted[i] = TargetPrediction.argmax(probabilities, i * c, c);
      }
      return new TargetPrediction(target, null, null, probabilities, predicted);
    }
    boolean anyStd = perMember.stream().anyMatch(p -> p.std() != null);
    double[] mean = new double[batchSize];
    double[] std = new double[batchSize];
    for (int i = 0; i < batchSize; i++) {
      double sum = 0;
      double sumSecondMoment = 0;
      for (TargetPrediction p : perMember) {
        double mu = p.mean()[i];
        double sigma = p.std() == null ? 0 : p.std()[i];
        sum += mu;
        sumSecondMoment += sigma * sigma + mu * mu;
      }
      mean[i] = sum / members;
      std[i] = Math.sqrt(Math.max(0, sumSecondMoment / members - mean[i] * mean[i]));
    }
    return new TargetPrediction(target, mean, anyStd || members > 1 ? std : null, null, null);
  }

  @Override
  public void close() {
    for (PropertyModel m : members) {
      m.close();
    }
  }
}
