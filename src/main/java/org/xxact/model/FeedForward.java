package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Position-wise feed-forward sublayer: Linear(d, ffn) - GELU - Linear(ffn, d). */
final class FeedForward {
  private final Linear up;
  private final Linear down;

  FeedForward(ParameterStore store, String name, int dModel, int ffnDim) {
    this.up = new Linear(store, name + ".up", dModel, ffnDim);
    this.down = new Linear(store, name + ".down", ffnDim, dModel);
  }

  NDArray apply(NDArray x) {
    return down.apply(Activation.gelu(up.apply(x)));
  }
}
