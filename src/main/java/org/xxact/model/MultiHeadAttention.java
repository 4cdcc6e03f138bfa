package org.xxact.model;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product multi-head attention (Vaswani et al. 2017): queries from one token sequence, keys and values from
 * another (the same one for self-attention), with an additive key bias that is 0 for real keys and
 * {@link #MASKED_KEY_BIAS} for padding, so padding receives no weight.
 */
final class MultiHeadAttention {
  /**
   * Added to the score of a padded key: after the softmax's max-subtraction exp(-1e9) is exactly 0 in float32, while the
   * value stays finite (no inf - inf = NaN when a whole row is masked).
   */
  static final float MASKED_KEY_BIAS = -1e9f;

  private final Linear query;
  private final Linear key;
  private final Linear value;
  private final Linear output;
  private final int heads;
  private final int headDim;

  MultiHeadAttention(ParameterStore store, String name, int dModel, int heads) {
    this.query = new Linear(store, name + ".query", dModel, dModel);
    this.key = new Linear(store, name + ".key", dModel, dModel);
    this.value = new Linear(store, name + ".value", dModel, dModel);
    this.output = new Linear(store, name + ".output", dModel, dModel);
    this.heads = heads;
    this.headDim = dModel / heads;
  }

  /**
   * @param queries [B, Tq, d]
   * @param keysValues [B, Tk, d]
   * @param keyBias [B, 1, 1, Tk] additive bias (0 or {@link #MASKED_KEY_BIAS}), or null when every key is real
   * @return [B, Tq, d]
   */
  NDArray apply(NDArray queries, NDArray keysValues, NDArray keyBias, ForwardContext ctx) {
    long b = queries.getShape().get(0);
    long tq = queries.getShape().get(1);
    long tk = keysValues.getShape().get(1);
    NDArray q = query.apply(queries).reshape(b, tq, heads, headDim).transpose(0, 2, 1, 3);
    NDArray k = key.apply(keysValues).reshape(b, tk, heads, headDim).transpose(0, 2, 3, 1);
    NDArray v = value.apply(keysValues).reshape(b, tk, heads, headDim).transpose(0, 2, 1, 3);
    NDArray scores = q.matMul(k).mul(ctx.scalar(1.0 / Math.sqrt(headDim)));
    if (keyBias != null) {
      scores = scores.add(keyBias);
    }
    NDArray weights = ctx.dropout(scores.softmax(-1));
    NDArray mixed = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, tq, (long) heads * headDim);
    return output.apply(mixed);
  }
}
