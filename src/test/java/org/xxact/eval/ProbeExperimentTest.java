package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labels of probed runs: unique, readable, and never two runs on one result file. */
class ProbeExperimentTest {
  @Test
  void runsSharingADirectoryNameAreLabelledWithTheirParent() {
    assertThat(ProbeExperiment.labels(List.of(Path.of("x/pretrain/both"), Path.of("x/finetune/scratch/seed1"),
            Path.of("x/finetune/both/seed1"))))
        .containsExactly("both", "scratch-seed1", "both-seed1");
    assertThatThrownBy(() -> ProbeExperiment.labels(List.of(Path.of("a/b/run"), Path.of("c/b/run"))))
        .hasMessageContaining("distinct");
  }
}
