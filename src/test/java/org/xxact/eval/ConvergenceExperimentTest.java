package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xxact.train.EvaluationRecord;

/** The convergence speedup and the seed-mean curves it is computed on. */
class ConvergenceExperimentTest {
  private static ConvergenceExperiment.Curve curve(double... errors) {
    double[] steps = new double[errors.length];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = 100 * (i + 1);
    }
    return new ConvergenceExperiment.Curve(steps, errors);
  }

  @Test
  void speedupIsScratchStepsToItsBestOverPretrainedStepsToThatError() {
    ConvergenceExperiment.Curve scratch = curve(0.9, 0.7, 0.5, 0.4, 0.45);
    // Scratch is best (0.4) at step 400; the pretrained curve first reaches 0.4 at step 100: 4x.
    assertThat(ConvergenceExperiment.speedup(scratch, curve(0.4, 0.3, 0.3, 0.3, 0.3))).isEqualTo(4.0);
    assertThat(ConvergenceExperiment.speedup(scratch, curve(0.6, 0.45, 0.39, 0.3, 0.3))).isEqualTo(400.0 / 300);
    // Slower than scratch is a speedup below 1; never reaching it is reported as such.
    assertThat(ConvergenceExperiment.speedup(scratch, curve(0.9, 0.8, 0.6, 0.5, 0.4))).isEqualTo(0.8);
    assertThat(ConvergenceExperiment.speedup(scratch, curve(0.9, 0.8, 0.6, 0.5, 0.41)))
        .isEqualTo(ConvergenceExperiment.NOT_REACHED);
  }

  private static EvaluationRecord record(long step, double loss, double mae, double accuracy) {
    return new EvaluationRecord(
        step, 0, 0, 0, 0, 0, 0,
        new EvaluationRecord.ValidationMetrics(10, loss, Map.of(), Map.of("e", mae), Map.of("c", accuracy)), loss,
        false);
  }

  @Test
  void curvesAreSeedMeansOfErrorsWithAccuracyTurnedIntoError() {
    Map<String, List<List<EvaluationRecord>>> metrics =
        Map.of(
            "scratch",
            List.of(
                List.of(record(10, 2.0, 0.5, 0.6), record(20, 1.0, 0.3, 0.8)),
                List.of(record(10, 4.0, 0.7, 0.4), record(20, 3.0, 0.5, 0.6))));
    Map<String, Map<String, ConvergenceExperiment.Curve>> curves = ConvergenceExperiment.curves(metrics);
    assertThat(curves).containsOnlyKeys("loss", "e", "c");
    assertThat(curves.get("loss").get("scratch").steps()).containsExactly(10, 20);
    assertThat(curves.get("loss").get("scratch").errors()).containsExactly(3.0, 2.0);
    assertThat(curves.get("e").get("scratch").errors()).containsExactly(new double[] {0.6, 0.4}, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(curves.get("c").get("scratch").errors()).containsExactly(new double[] {0.5, 0.3}, org.assertj.core.api.Assertions.within(1e-12));
  }
}
