package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * y = x W^T + b over the last axis; W is [out, in], LeCun-normal initialised (or zero, see
 * {@link ParameterStore#zeroLinearWeight}) and decayed, b starts at zero.
 */
final class Linear {
  private final NDArray weight;
  private final NDArray bias;

  Linear(ParameterStore store, String name, int in, int out) {
    this(store, name, in, out, false);
  }

  /** @param startsAtZero whether W starts at zero, so that the map's first output is zero whatever its input */
  Linear(ParameterStore store, String name, int in, int out, boolean startsAtZero) {
    this.weight =
        startsAtZero ? store.zeroLinearWeight(name + ".weight", out, in) : store.linearWeight(name + ".weight", out, in);
    this.bias = store.constant(name + ".bias", new Shape(out), 0f);
  }

  NDArray apply(NDArray x) {
    return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
  }
}
