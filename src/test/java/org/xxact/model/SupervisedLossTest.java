package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xxact.data.Batch;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;

/** Missing labels (mask 0, even when the stored value is NaN) take no part in the loss. */
class SupervisedLossTest {
  /** Losses of the same samples computed from differently sized batches agree to float32 rounding. */
  private static final double FLOAT_TOLERANCE = 1e-5;

  private static final List<TargetSpec> TARGETS =
      List.of(
          new TargetSpec("y", TargetKind.REGRESSION, "eV", 0, 1, List.of()),
          new TargetSpec("c", TargetKind.CLASSIFICATION, "", 0, 1, List.of("a", "b")));

  private static Batch batch(int size, float[] targets, float[] mask) {
    int[] ids = new int[size];
    float[] fractions = new float[size];
    float[] elementMask = new float[size];
    java.util.Arrays.fill(ids, 26);
    java.util.Arrays.fill(fractions, 1f);
    java.util.Arrays.fill(elementMask, 1f);
    return new Batch(size, 1, ids, fractions, elementMask, 64, new float[size * 64], 2, targets, mask, new long[size],
        new int[size]);
  }

  @Test
  void maskedSamplesAreIgnored() {
    ModelConfig config =
        new ModelConfig(Modality.COMPOSITION, 16, 2, 32, 1, 1, 1, 0, 118, 5000, 64, 5, 90, false, 16,
            PoolingKind.MEAN, true, 8, 1e-5, 0.5, XrdStem.LINEAR, 0, RegressionLikelihood.GAUSSIAN, 0, 0);
    DjlRuntime.engine(1);
    try (XxactModel model = XxactModel.create(config, TARGETS, 3)) {
      // Sample 1: regression missing (NaN) and class known; sample 0 and 2 fully labelled. All samples are Fe.
      Batch withMissing = batch(3, new float[] {0.5f, 1, Float.NaN, 0, 0.5f, 1}, new float[] {1, 1, 0, 1, 1, 1});
      Batch labelledOnly = batch(2, new float[] {0.5f, 1, 0.5f, 1}, new float[] {1, 1, 1, 1});
      double[] a = losses(model, withMissing);
      double[] b = losses(model, labelledOnly);
      assertThat(a[0]).isFinite();
      assertThat(a[1]).isCloseTo(b[1], within(FLOAT_TOLERANCE));
    }
  }

  /** The regression loss equals the negative log-likelihood written out from the head's mean and log-variance. */
  @ParameterizedTest
  @EnumSource(RegressionLikelihood.class)
  void regressionLossIsTheNegativeLogLikelihood(RegressionLikelihood likelihood) {
    ModelConfig config =
        new ModelConfig(Modality.COMPOSITION, 16, 2, 32, 1, 1, 1, 0, 118, 5000, 64, 5, 90, false, 16,
            PoolingKind.MEAN, true, 8, 1e-5, 0.5, XrdStem.LINEAR, 4, likelihood, 0, 0);
    DjlRuntime.engine(1);
    float[] labels = {0.5f, 1, -1.5f, 0, 2f, 1};
    Batch batch = batch(3, labels, new float[] {1, 1, 1, 1, 1, 1});
    try (XxactModel model = XxactModel.create(config, TARGETS, 5);
        NDScope scope = new NDScope();
        NDManager manager = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ModelOutput out = model.forward(model.inputs(manager, batch), ForwardContext.inference(manager));
      float[] head = out.headOutputs().get(0).toFloatArray();
      double expected = 0;
      for (int i = 0; i < 3; i++) {
        double error = labels[2 * i] - head[2 * i];
        double s = head[2 * i + 1];
        expected +=
            likelihood == RegressionLikelihood.LAPLACE
                ? 0.5 * s + Math.sqrt(2) * Math.abs(error) * Math.exp(-s / 2)
                : 0.5 * (s + error * error * Math.exp(-s));
      }
      SupervisedLoss.Result r = SupervisedLoss.compute(model, out, batch, new double[] {1, 1}, manager);
      assertThat((double) r.perTarget()[0].getFloat()).isCloseTo(expected / 3, within(FLOAT_TOLERANCE));
    }
  }

  /**
   * beta-NLL at beta 1 reports the plain likelihood but gives the mean the gradient of the plain error (sqrt(2) sign(e)
   * for Laplace, e for Gaussian, per labelled sample) and the log-variance its likelihood gradient times the detached
   * noise scale.
   */
  @ParameterizedTest
  @EnumSource(RegressionLikelihood.class)
  void betaNllKeepsTheLossValueAndGivesTheMeanThePlainErrorGradient(RegressionLikelihood likelihood) {
    ModelConfig config =
        new ModelConfig(Modality.COMPOSITION, 16, 2, 32, 1, 1, 1, 0, 118, 5000, 64, 5, 90, false, 16,
            PoolingKind.MEAN, true, 8, 1e-5, 0.5, XrdStem.LINEAR, 0, likelihood, 0, 0);
    Engine engine = DjlRuntime.engine(1);
    float[] labels = {0.5f, 1, -1.5f, 0, 2f, 1};
    float[] mean = {0.1f, -0.5f, 2.6f};
    float[] logVariance = {-1.2f, 0.4f, 2.0f};
    boolean laplace = likelihood == RegressionLikelihood.LAPLACE;
    Batch batch = batch(3, labels, new float[] {1, 1, 1, 1, 1, 1});
    try (XxactModel model = XxactModel.create(config, TARGETS, 5);
        NDManager manager = model.manager().newSubManager()) {
      float[] headValues = new float[6];
      for (int i = 0; i < 3; i++) {
        headValues[2 * i] = mean[i];
        headValues[2 * i + 1] = logVariance[i];
      }
      NDArray head = manager.create(headValues, new Shape(3, 2));
      head.setRequiresGradient(true);
      NDArray classes = manager.zeros(new Shape(3, 2));
      ModelOutput out = new ModelOutput(null, null, null, null, null, List.of(head, classes), List.of());
      float plain = SupervisedLoss.compute(model, out, batch, new double[] {1, 1}, manager).perTarget()[0].getFloat();
      float weighted;
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray loss =
            SupervisedLoss.compute(model, out, batch, new double[] {1, 1}, 1.0, manager).perTarget()[0];
        weighted = loss.getFloat();
        collector.backward(loss);
      }
      assertThat(weighted).isCloseTo(plain, within((float) FLOAT_TOLERANCE));
      float[] gradient = head.getGradient().toFloatArray();
      for (int i = 0; i < 3; i++) {
        double e = mean[i] - labels[2 * i];
        double s = logVariance[i];
        double meanGradient = laplace ? Math.sqrt(2) * Math.signum(e) : e;
        double varianceGradient =
            laplace
                ? Math.exp(s / 2) * (0.5 - Math.sqrt(2) * Math.abs(e) * Math.exp(-s / 2) / 2)
                : Math.exp(s) * 0.5 * (1 - e * e * Math.exp(-s));
        assertThat((double) gradient[2 * i]).as("mean %d", i).isCloseTo(meanGradient / 3, within(FLOAT_TOLERANCE));
        assertThat((double) gradient[2 * i + 1])
            .as("log-variance %d", i)
            .isCloseTo(varianceGradient / 3, within(FLOAT_TOLERANCE));
      }
    }
  }

  /** {total, regression target loss}. */
  private static double[] losses(XxactModel model, Batch batch) {
    try (NDScope scope = new NDScope();
        NDManager manager = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ModelOutput out = model.forward(model.inputs(manager, batch), ForwardContext.inference(manager));
      SupervisedLoss.Result r = SupervisedLoss.compute(model, out, batch, new double[] {1, 1}, manager);
      assertThat(r.labelled()[0]).isEqualTo(2);
      return new double[] {r.total().getFloat(), r.perTarget()[0].getFloat()};
    }
  }
}
