package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last axis (Ba, Kiros, Hinton 2016), gain 1 and shift 0 at start, not decayed. */
final class LayerNorm {
  private final NDArray gain;
  private final NDArray shift;
  private final Shape normalizedShape;
  private final float eps;

  LayerNorm(ParameterStore store, String name, int dim, double eps) {
    this.normalizedShape = new Shape(dim);
    this.gain = store.constant(name + ".gain", normalizedShape, 1f);
    this.shift = store.constant(name + ".shift", normalizedShape, 0f);
    this.eps = (float) eps;
  }

  NDArray apply(NDArray x) {
    return x.getNDArrayInternal().layerNorm(x, normalizedShape, gain, shift, eps).singletonOrThrow();
  }
}
