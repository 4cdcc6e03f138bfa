package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a forward pass needs besides its inputs: the step's manager, whether it trains (dropout on) and the dropout rate.
 *
 * <p>Scalars in a differentiable computation come from {@link #scalar}, never from DJL's {@code NDArray.mul(Number)} or
 * {@code div(Number)}: those wrap the number in a tensor over a Java direct buffer and close it as soon as the product is
 * computed, while PyTorch's autograd keeps that tensor for the backward pass, which then reads freed memory and yields
 * silently wrong (occasionally infinite) gradients. {@link #scalar} creates the tensor in the step's manager, which
 * stays open until after the backward pass.
 *
 * @param manager the per-step manager (closed after the backward pass)
 * @param training whether dropout is active
 * @param dropout dropout rate while training
 */
public record ForwardContext(NDManager manager, boolean training, float dropout) {
  /** A forward pass without dropout (evaluation, prediction). */
  public static ForwardContext inference(NDManager manager) {
    return new ForwardContext(manager, false, 0f);
  }

  /** A training forward pass with dropout at {@code rate}. */
  public static ForwardContext training(NDManager manager, float rate) {
    return new ForwardContext(manager, true, rate);
  }

  /** A scalar tensor that lives as long as the step's manager (safe to multiply differentiable tensors with). */
  NDArray scalar(double value) {
    return manager.create((float) value);
  }

  NDArray dropout(NDArray x) {
    if (!training || dropout == 0f) {
      return x;
    }
    return x.getNDArrayInternal().dropout(x, dropout, true).singletonOrThrow();
  }
}
