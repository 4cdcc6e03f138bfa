package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.data.TargetDefinition;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/** The crystal system averaged over its own head and the space-group head, on hand-made probabilities. */
class CrystalSystemConsensusTest {
  private static final TargetSpec SYSTEM = classification("crystal_system");
  private static final TargetSpec GROUP = classification("spacegroup_number");
  private static final TargetSpec GAP = new TargetSpec("band_gap", TargetKind.REGRESSION, "eV", 1.0, 1.5, List.of());

  /** The consensus of a model predicting the targets of {@code predictions}, in their order. */
  private static CrystalSystemConsensus consensus(List<TargetPrediction> predictions) {
    return CrystalSystemConsensus.forTargets(predictions.stream().map(TargetPrediction::target).toList());
  }

  /** The target as a data set defines it, with its standard classes. */
  private static TargetSpec classification(String name) {
    return new TargetSpec(name, TargetKind.CLASSIFICATION, "", 0, 1, TargetDefinition.of(name).classNames());
  }

  @Test
  void theSystemIsTheAverageOfItsHeadAndTheSpaceGroupsSummedPerSystem() {
    // Sample 1: the system head says tetragonal (0.5) over cubic (0.4); the space-group head puts 0.3 on Fm-3m (225)
    // and 0.3 on Pm-3m (221), both cubic, and 0.4 on P4/mmm (123). Cubic: (0.4 + 0.6) / 2 = 0.5, tetragonal
    // (0.5 + 0.4) / 2 = 0.45, so the consensus is cubic although each head's argmax is another system or group.
    // Sample 2: both heads agree on monoclinic (P2_1/c, 14).
    float[] system = new float[14];
    system[3] = 0.5f;
    system[6] = 0.4f;
    system[0] = 0.1f;
    system[7 + 1] = 1f;
    float[] group = new float[2 * 230];
    group[224] = 0.3f;
    group[220] = 0.3f;
    group[122] = 0.4f;
    group[230 + 13] = 1f;
    List<TargetPrediction> in = List.of(
        new TargetPrediction(GAP, new double[] {1, 2}, null, null, null),
        new TargetPrediction(SYSTEM, null, null, system, new int[] {3, 1}),
        new TargetPrediction(GROUP, null, null, group, new int[] {122, 13}));

    List<TargetPrediction> out = consensus(in).apply(in, 2);

    float[] p = out.get(1).probabilities();
    assertThat(p[6]).isCloseTo(0.5f, within(1e-6f));
    assertThat(p[3]).isCloseTo(0.45f, within(1e-6f));
    assertThat(p[0]).isCloseTo(0.05f, within(1e-6f));
    assertThat(p[7 + 1]).isCloseTo(1f, within(1e-6f));
    float sum = 0;
    for (int c = 0; c < 7; c++) {
      sum += p[c];
    }
    assertThat(sum).isCloseTo(1f, within(1e-6f));
    assertThat(out.get(1).predictedClass()).containsExactly(6, 1);
    // The other targets, the space group included, are the inputs themselves.
    assertThat(out.get(0)).isSameAs(in.get(0));
    assertThat(out.get(2)).isSameAs(in.get(2));
  }

  @Test
  void aModelWithoutBothHeadsKeepsItsPredictions() {
    List<TargetPrediction> systemOnly = List.of(
        new TargetPrediction(SYSTEM, null, null, new float[] {0, 0, 0, 0, 0, 0, 1}, new int[] {6}));
    assertThat(consensus(systemOnly).apply(systemOnly, 1)).isSameAs(systemOnly);
  }

  @Test
  void nonStandardClassesAreLeftAlone() {
    // A crystal-system target with classes of its own cannot be matched to space groups.
    TargetSpec twoSystems =
        new TargetSpec("crystal_system", TargetKind.CLASSIFICATION, "", 0, 1, List.of("cubic", "other"));
    float[] group = new float[230];
    group[224] = 1f;
    List<TargetPrediction> in = List.of(
        new TargetPrediction(twoSystems, null, null, new float[] {0.2f, 0.8f}, new int[] {1}),
        new TargetPrediction(GROUP, null, null, group, new int[] {224}));
    assertThat(consensus(in).apply(in, 1)).isSameAs(in);
  }
}
