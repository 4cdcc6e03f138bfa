package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Pools tokens to one vector: masked mean, or attention pooling (a learned query scores every token, softmax over the
 * real tokens, weighted sum). Padding never contributes.
 */
final class TokenPooling {
  private final PoolingKind kind;
  private final NDArray query;
  private final float scale;

  TokenPooling(ParameterStore store, String name, ModelConfig config) {
    this.kind = config.pooling();
    this.query =
        kind == PoolingKind.ATTENTION
            ? store.normalNoDecay(name + ".query", new Shape(config.dModel(), 1), 1.0 / Math.sqrt(config.dModel()))
            : null;
    this.scale = 1f / (float) Math.sqrt(config.dModel());
  }

  /**
   * @param tokens [B, T, d]
   * @param mask [B, T, 1] 1 for real tokens, or null when all are real
   * @param inverseCount [B, 1] 1 / real tokens per sample (with a mask), or null
   * @param bias [B, T, 1] 0 for real tokens and {@link MultiHeadAttention#MASKED_KEY_BIAS} for padding, or null
   * @return [B, d]
   */
  NDArray apply(NDArray tokens, NDArray mask, NDArray inverseCount, NDArray bias, ForwardContext ctx) {
    if (kind == PoolingKind.MEAN) {
      return mask == null ? tokens.mean(new int[] {1}) : tokens.mul(mask).sum(new int[] {1}).mul(inverseCount);
    }
    NDArray scores = tokens.matMul(query).mul(ctx.scalar(scale));
    if (bias != null) {
      scores = scores.add(bias);
    }
    NDArray weights = scores.softmax(1);
    return tokens.mul(weights).sum(new int[] {1});
  }
}
