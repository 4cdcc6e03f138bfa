package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;
import org.xxact.model.ConfigTree;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunInfo;

/** How runs are labelled, and the settings listed next to a speedup. */
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
