package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;
import org.xxact.model.ConfigTree;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunInfo;

/** How runs are labelled, the settings listed next to a speedup, and the paired (seed by seed) comparison. */
class SpeedupComparisonTest {
  @Test
  void labelsAreTheShortestPathTailsThatTellRunsApart() {
    assertThat(SpeedupComparison.labels(List.of(Path.of("/r/scratch"), Path.of("/r/pre"))))
        .containsExactly("scratch", "pre");
    assertThat(SpeedupComparison.labels(List.of(Path.of("/x/scratch/seed1"), Path.of("/x/both/seed1"))))
        .containsExactly("scratch/seed1", "both/seed1");
    assertThatThrownBy(() -> SpeedupComparison.labels(List.of(Path.of("/r/a"), Path.of("/r/b/../a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice");
  }

  @Test
  void aRunWithoutEvaluationsIsAnInputErrorNamingItsMetricsFile(@TempDir Path tmp) throws Exception {
    RunInfo info = new RunInfo(42, "test", "none", "2026-01-01T00:00:00Z", 1, 0, null);
    Path a = RunDirectory.create(tmp.resolve("a"), RunConfig.defaults(), List.of(), info).path();
    Path b = RunDirectory.create(tmp.resolve("b"), RunConfig.defaults(), List.of(), info).path();
    assertThatThrownBy(() -> SpeedupComparison.run(tmp.resolve("out"), SpeedupComparison.labelled(a, List.of(b))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(a.resolve(RunDirectory.METRICS).toString())
        .hasMessageContaining("no evaluation yet");
  }

  @Test
  void pairedComparisonGivesEachPairsSpeedupAndTheSpeedupOfTheSeedMeanCurves(@TempDir Path tmp) throws Exception {
    long[] steps = {10, 20, 30, 40};
    // reference seed 1 reaches its best (0.2) at step 40, its partner at step 20: 2x. Seed 2: best 0.3 at 40, its
    // partner reaches it at 40: 1x. Mean curves: reference 0.5, 0.425, 0.325, 0.25 (best at 40), compared 0.425, 0.3,
    // 0.25, 0.2 (reaches 0.25 at 30): 40/30.
    Path ref1 = runWithCurve(tmp.resolve("scratch/seed1"), steps, 0.5, 0.4, 0.3, 0.2);
    Path ref2 = runWithCurve(tmp.resolve("scratch/seed2"), steps, 0.5, 0.45, 0.35, 0.3);
    Path run1 = runWithCurve(tmp.resolve("pre/seed1"), steps, 0.4, 0.2, 0.15, 0.1);
    Path run2 = runWithCurve(tmp.resolve("pre/seed2"), steps, 0.45, 0.4, 0.35, 0.3);
    Path out = tmp.resolve("out");
    Map<String, Object> results = SpeedupComparison.runPaired(out, List.of(ref1, ref2), List.of(run1, run2));

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> speedup = (Map<String, Map<String, Object>>) results.get("speedup");
    assertThat(speedup.get("fe")).containsOnlyKeys(SpeedupComparison.SEED_MEAN, "pre/seed1", "pre/seed2");
    assertThat((Double) speedup.get("fe").get("pre/seed1")).isCloseTo(2.0, within(1e-12));
    assertThat((Double) speedup.get("fe").get("pre/seed2")).isCloseTo(1.0, within(1e-12));
    assertThat((Double) speedup.get("fe").get(SpeedupComparison.SEED_MEAN)).isCloseTo(40.0 / 30, within(1e-12));
    assertThat(Files.readString(out.resolve("results.md")))
        .contains("| fe ")
        .contains("1.33x")
        .contains("- pre/seed2: random initialisation, same settings as scratch/seed2");
    assertThat(out.resolve("curves-fe.png")).isRegularFile();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> curves = (Map<String, Map<String, Object>>) results.get("curves");
    assertThat(curves.get("fe")).containsOnlyKeys("scratch (mean of 2)", "pre (mean of 2)");
    assertThat(out.resolve("results.json")).isRegularFile();

    assertThatThrownBy(() -> SpeedupComparison.pairedLabels(List.of(ref1, ref2), List.of(run1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as many reference runs as compared runs");
    assertThatThrownBy(() -> SpeedupComparison.pairedLabels(List.of(ref1), List.of(run1)))
        .hasMessageContaining("two or more");
  }

  /** A run directory whose metrics.jsonl holds one target, "fe", with these validation errors (also the loss). */
  private static Path runWithCurve(Path dir, long[] steps, double... errors) throws Exception {
    RunInfo info = new RunInfo(42, "test", "none", "2026-01-01T00:00:00Z", 1, 0, null);
    RunDirectory run = RunDirectory.create(dir, RunConfig.defaults(), List.of(), info);
    for (int i = 0; i < steps.length; i++) {
      EvaluationRecord.ValidationMetrics v =
          new EvaluationRecord.ValidationMetrics(10, errors[i], Map.of(), Map.of("fe", errors[i]), Map.of());
      run.appendMetrics(new EvaluationRecord(steps[i], 0, i, 1e-3, errors[i], 1, 0, v, errors[i], false));
    }
    return run.path();
  }

  @Test
  void differencesNameEveryChangedSettingByItsDottedPathAndNothingElse() {
    RunConfig reference = RunConfig.defaults();
    assertThat(SpeedupComparison.differences(reference, reference)).isEmpty();
    RunConfig other =
        ConfigTree.resolve(reference, RunConfig.class, null, List.of("train.seed=7", "model.dModel=96"));
    assertThat(SpeedupComparison.differences(reference, other))
        .containsExactlyInAnyOrder(
            "model.dModel: " + reference.model().dModel() + " vs 96",
            "train.seed: " + reference.train().seed() + " vs 7");
  }
}
