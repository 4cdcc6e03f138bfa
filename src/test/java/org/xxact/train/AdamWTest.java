package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xxact.model.DjlRuntime;
import org.xxact.model.Parameter;

/**
 * AdamW against the closed form of its first step: with bias correction m_hat = g and v_hat = g^2, so the update is
 * lr * g / (|g| + eps), about lr * sign(g); decay multiplies only decayed parameters by (1 - lr * wd) first.
 */
class AdamWTest {
  /** float32 arithmetic on values of order 1. */
  private static final double FLOAT_TOLERANCE = 1e-6;

  @Test
  void firstStepMatchesTheClosedFormAndDecaysOnlyItsGroup() {
    Engine engine = DjlRuntime.engine(1);
    TrainConfig cfg = TrainConfig.defaults();
    double lr = 0.1;
    double wd = cfg.weightDecay();
    try (NDManager manager = engine.newBaseManager()) {
      NDArray w = manager.create(new float[] {1f, -2f}, new Shape(2));
      NDArray b = manager.create(new float[] {0.5f}, new Shape(1));
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      List<Parameter> params = List.of(new Parameter("w", w, true), new Parameter("b", b, false));
      AdamW adam = new AdamW(params, manager, cfg, Map.of(), 0);
      try (GradientCollector collector = engine.newGradientCollector();
          NDManager step = manager.newSubManager()) {
        // loss = sum(w^2) + 3 b: gradients 2w = (2, -4) and 3.
        NDArray loss = w.square().sum().add(b.mul(step.create(3f)).sum());
        collector.backward(loss);
      }
      assertThat(adam.gradientNorm()).isCloseTo(Math.sqrt(4 + 16 + 9), within(FLOAT_TOLERANCE));
      adam.step(lr, 1.0);
      adam.zeroGradients();
      float[] wAfter = w.toFloatArray();
      assertThat((double) wAfter[0]).isCloseTo(1 * (1 - lr * wd) - lr, within(FLOAT_TOLERANCE));
      assertThat((double) wAfter[1]).isCloseTo(-2 * (1 - lr * wd) + lr, within(FLOAT_TOLERANCE));
      assertThat((double) b.toFloatArray()[0]).isCloseTo(0.5 - lr, within(FLOAT_TOLERANCE));
      assertThat(adam.gradientNorm()).isZero();
      assertThat(adam.updates()).isEqualTo(1);
      assertThat(adam.moments()).containsKeys("m/w", "v/w", "m/b", "v/b");
    }
  }
}
