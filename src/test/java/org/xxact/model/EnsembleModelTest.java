package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.train.TinyConfigs;

/** The deep-ensemble combination rules and the compatibility of members, on hand-made predictions. */
class EnsembleModelTest {
  private static final TargetSpec GAP = new TargetSpec("band_gap", TargetKind.REGRESSION, "eV", 1.0, 1.5, List.of());
  private static final TargetSpec SYSTEM =
      new TargetSpec("crystal_system", TargetKind.CLASSIFICATION, "", 0, 1, List.of("cubic", "hexagonal", "triclinic"));

  @Test
  void regressionIsTheMixtureOfTheMembersDistributions() {
    // Two samples. Member means 1 and 3 with sigma 0.5 and 1: mixture mean 2, variance (0.25 + 1) / 2 + 1 = 1.625.
    TargetPrediction a = new TargetPrediction(GAP, new double[] {1, 0.2}, new double[] {0.5, 0.1}, null, null);
    TargetPrediction b = new TargetPrediction(GAP, new double[] {3, 0.2}, new double[] {1.0, 0.1}, null, null);
    TargetPrediction m = EnsembleModel.combine(List.of(a, b), 2);
    assertThat(m.mean()).containsExactly(new double[] {2, 0.2}, within(1e-12));
    assertThat(m.std()[0]).isCloseTo(Math.sqrt(1.625), within(1e-12));
    // Members that agree: the mixture keeps their own spread, nothing more.
    assertThat(m.std()[1]).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void membersWithoutVarianceGiveTheSpreadOfTheirMeans() {
    TargetPrediction a = new TargetPrediction(GAP, new double[] {1}, null, null, null);
    TargetPrediction b = new TargetPrediction(GAP, new double[] {2}, null, null, null);
    TargetPrediction c = new TargetPrediction(GAP, new double[] {3}, null, null, null);
    TargetPrediction m = EnsembleModel.combine(List.of(a, b, c), 1);
    assertThat(m.mean()[0]).isCloseTo(2, within(1e-12));
    assertThat(m.std()[0]).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
  }

  @Test
  void classProbabilitiesAreAveragedAndTheArgmaxTakenAfterwards() {
    // Each member alone picks another class; on average the second class wins.
    TargetPrediction a = new TargetPrediction(SYSTEM, null, null, new float[] {0.5f, 0.4f, 0.1f}, new int[] {0});
    TargetPrediction b = new TargetPrediction(SYSTEM, null, null, new float[] {0.1f, 0.45f, 0.45f}, new int[] {1});
    TargetPrediction m = EnsembleModel.combine(List.of(a, b), 1);
    assertThat(m.probabilities()).containsExactly(new float[] {0.3f, 0.425f, 0.275f}, within(1e-6f));
    assertThat(m.predictedClass()).containsExactly(1);
  }

  @Test
  void incompatibleMembersAreRefusedWithTheReason() {
    ModelConfig fused = TinyConfigs.tiny(Modality.FUSED).model();
    ModelConfig xrd = TinyConfigs.tiny(Modality.XRD).model();
    ModelConfig finerGrid = TinyConfigs.tiny(Modality.FUSED, "model.gridPoints=1024").model();
    List<TargetSpec> targets = List.of(GAP, SYSTEM);
    TargetSpec otherClasses =
        new TargetSpec("crystal_system", TargetKind.CLASSIFICATION, "", 0, 1, List.of("cubic", "hexagonal"));

    EnsembleModel.checkCompatible(List.of(fused, fused), List.of(targets, targets));
    assertThatThrownBy(() -> EnsembleModel.checkCompatible(List.of(fused), List.of(targets)))
        .hasMessageContaining("at least two members");
    assertThatThrownBy(() -> EnsembleModel.checkCompatible(List.of(fused, xrd), List.of(targets, targets)))
        .hasMessageContaining("member 2 has modality XRD, member 1 FUSED");
    assertThatThrownBy(() -> EnsembleModel.checkCompatible(List.of(fused, finerGrid), List.of(targets, targets)))
        .hasMessageContaining("member 2 reads 1024 points");
    assertThatThrownBy(
            () -> EnsembleModel.checkCompatible(List.of(fused, fused), List.of(targets, List.of(GAP, otherClasses))))
        .hasMessageContaining("member 2 predicts");
  }
}
