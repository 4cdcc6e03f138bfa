package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.cli.SimulateCommandTest.Run;
import org.xxact.model.Modality;

/**
 * {@code xxact demo --quick} end to end from the repository's bundled data and examples: predictions of a committed
 * model (a tiny XRD model standing in for models/rruff-xrd) for the example CIF and RRUFF pattern, a missing model named
 * and skipped, then dataset, pretraining, the three trainings, their test scores and the comparison table.
 */
class DemoCommandTest {
  @Test
  void quickDemoRunsEndToEnd(@TempDir Path tmp) throws Exception {
    Path models = tmp.resolve("models");
    PredictCommandTest.train(Modality.XRD, models.resolve("rruff-xrd"));
    Path out = tmp.resolve("demo-output");
    Run r = SimulateCommandTest.run(
        "demo", "--quick", "--threads", "1", "--out", out.toString(), "--models", models.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("mp-2657_TiO2_rutile", "formula TiO2", "rruff-328_cubic_sg225.xy");
    assertThat(out.resolve("predict-rruff-xrd.png")).isNotEmptyFile();
    assertThat(r.out()).containsPattern("\\| fused +\\|").containsPattern("\\| composition +\\|")
        .containsPattern("\\| xrd +\\|");
    assertThat(r.err()).contains("pretraining the fused model", "from the pretrained one");
    assertThat(r.out()).contains("Test-split scores");
    assertThat(out.resolve("runs").resolve("pretrain").resolve("checkpoints").resolve("best.ckpt")).isRegularFile();
    for (String run : new String[] {"fused", "composition", "xrd"}) {
      assertThat(out.resolve("runs").resolve(run).resolve(DemoCommand.TEST_SCORES)).isNotEmptyFile();
      assertThat(out.resolve("plots").resolve(run)).isNotEmptyDirectory();
    }

    Run missing = SimulateCommandTest.run(
        "demo", "--quick", "--threads", "1", "--out", out.toString(), "--models", tmp.resolve("none").toString());
    assertThat(missing.exit()).as(missing.err()).isEqualTo(ExitCode.OK);
    assertThat(missing.err()).contains("rruff-xrd is not in this checkout; skipping its predictions");
  }
}
