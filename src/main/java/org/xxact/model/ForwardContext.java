package org.xxact.model;

import ai.djl.ndarray.NDArray;

/**
 * What a forward pass needs besides its inputs: whether it trains (dropout on) and the dropout rate. Inference and
 * evaluation use {@link #inference()}.
 */
public record ForwardContext(boolean training, float dropout) {
  public static ForwardContext inference() {
    return new ForwardContext(false, 0f);
  }

  NDArray dropout(NDArray x) {
    if (!training || dropout == 0f) {
      return x;
    }
    return x.getNDArrayInternal().dropout(x, dropout, true).singletonOrThrow();
  }
}
